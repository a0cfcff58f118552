#!/usr/bin/env python3
"""Writes the Potjans & Diesmann (2014) cortical microcircuit ('PD14') in the
`snn` dialect.

    examples/pd14/generate.py --scale 0.1 --kscale 1.0 -o pd14_10pct.mlir

Parameters follow ../shared/bench/brian2/bench_pd14.py (itself the PyNEST
reference, INM-6/microcircuit-PD14-model, with bg_input_type='dc' and
V0_type='optimized'), so Dendron and Brian2 simulate the same network:

* 8 populations L23E/I, L4E/I, L5E/I, L6E/I, `round(N_full * scale)` neurons;
  iaf_psc_exp: C_m = 250 pF, tau_m = 10 ms, tau_syn = 0.5 ms, E_L = V_reset =
  -65 mV, V_th = -50 mV, t_ref = 2 ms, exact integration, dt = 0.1 ms. In the
  dialect: `#snn.lif` with r = tau_m / C_m = 40 mV/nA and currents in nA (so
  the s16.15 profile keeps ~12 significant bits on the synaptic gain; in pA
  it would keep 4).
* one `snn.connect` per population pair with `#snn.fixed_total`, the PD14
  count `round(K_full * scale * kscale)`, multapses and autapses allowed;
  weights normal, mean the PSC of a 0.15 mV PSP (x -4 from inhibitory
  populations, x 2 for L4E -> L23E), relative std 0.1, scaled by
  1/sqrt(kscale). (Brian2 redraws a weight whose sign flips; the dialect's
  normal is clipped at 5 std, which never reaches 0 at a relative std of 0.1.)
* **Deviation**: PD14's delays are normal (exc 1.5 ms, inh 0.75 ms, relative
  std 0.5, redrawn below dt/2, rounded to dt). The dialect only has constant
  or uniform integer delays, so each projection uses the uniform integer
  range [lo, hi] whose mean and standard deviation are closest to those of
  PD14's discretised delay distribution plus one step (exc [5, 28], inh
  [3, 14] steps; `--print-delays` shows the moments). The extra step is not
  a deviation but the change of convention: in NEST and Brian2 a spike with
  delay d changes the synaptic current at the end of step n + d, so the
  membrane first sees it in step n + d + 1; in Dendron a delay-d spike is a
  charge at the start of step n + d (docs/Semantics.md §5).
* the DC background `8 Hz * K_ext * PSC_ext * tau_syn` (plus PD14's
  correction when kscale != 1) is a projection bias (docs/Semantics.md §5.1):
  one zero-weight `snn.dense` per population from a source that never spikes,
  whose `bias` is the per-step charge b that gives the same steady state as
  the DC current I in the exact discretisation:
  b = I (1 - aS)(1 - aM)(tauS - tauM) / (tauS (aS - aM)), aX = exp(-dt/tauX)
  (~ I dt / tauS). It enters through the synaptic current (PD14: straight into
  the membrane), which only smooths its first ~1 ms.
* initial potentials normal per population (V0_type 'optimized').
"""
import argparse
import math
import sys

POPS = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I']
N_FULL = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948]
RATES_FULL = [0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829]
P = [  # connection probability [target][source]
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
    [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
    [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
    [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443]]
K_EXT = [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100]
V0_MEAN = [-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43]
V0_STD = [5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48]
C_M, TAU_M, TAU_S = 250.0, 10.0, 0.5  # pF, ms, ms
DT_MS = 0.1
BG_RATE = 8.0  # Hz


def real(x):
    """Shortest round-trip decimal that MLIR parses as a float (needs a '.')."""
    s = repr(float(x))
    if 'e' in s and '.' not in s.split('e')[0]:
        m, e = s.split('e')
        s = m + '.0e' + e
    elif '.' not in s and 'e' not in s:
        s += '.0'
    return s


def psc_over_psp(c, tm, ts):
    sub = 1.0 / (ts - tm)
    pre = tm * ts / c * sub
    frac = (tm / ts) ** sub
    return 1.0 / (pre * (frac ** tm - frac ** ts))


def delay_moments(mean_ms):
    """Mean and std [Dendron steps] of PD14's delay: normal(mean, mean/2)
    redrawn below dt/2, rounded to the dt grid, at least 1 step; plus the
    one step that converts NEST's delay convention to Dendron's."""
    sd = mean_ms * 0.5
    cdf = lambda x: 0.5 * (1.0 + math.erf((x - mean_ms) / (sd * math.sqrt(2))))
    lo = DT_MS / 2
    mass = 1.0 - cdf(lo)
    m1 = m2 = 0.0
    k = 1
    while True:
        a, b = max(lo, (k - 0.5) * DT_MS), (k + 0.5) * DT_MS
        p = (cdf(b) - cdf(a)) / mass
        m1 += p * k
        m2 += p * k * k
        if b > mean_ms + 12 * sd:
            break
        k += 1
    return m1 + 1.0, math.sqrt(max(m2 - m1 * m1, 0.0))


def uniform_range(mean, std):
    """Integer [lo, hi], lo >= 1, whose discrete uniform distribution has the
    mean and standard deviation closest to (mean, std)."""
    best = None
    for lo in range(1, int(4 * mean) + 2):
        for hi in range(lo, int(6 * mean) + 2):
            n = hi - lo + 1
            m, s = (lo + hi) / 2.0, math.sqrt((n * n - 1) / 12.0)
            err = (m - mean) ** 2 + (s - std) ** 2
            if best is None or err < best[0]:
                best = (err, lo, hi)
    return best[1], best[2]


def bias_charge(current):
    """Per-step charge into an exact synaptic current (tau_syn) that gives
    the membrane the steady state of a constant current (see the docstring)."""
    a_s, a_m = math.exp(-DT_MS / TAU_S), math.exp(-DT_MS / TAU_M)
    return current * (1 - a_s) * (1 - a_m) * (TAU_S - TAU_M) / (TAU_S *
                                                                (a_s - a_m))


def generate(scale, kscale, seed):
    n = [int(round(x * scale)) for x in N_FULL]
    if min(n) < 1:
        raise ValueError('--scale %g leaves a population empty' % scale)
    f = psc_over_psp(C_M, TAU_M, TAU_S)
    psc = [[0.15 * f * (1 if s % 2 == 0 else -4) for s in range(8)]
           for _ in range(8)]
    psc[0][2] *= 2  # L4E -> L23E
    psc_ext = 0.15 * f
    k_full = [[0.0] * 8 for _ in range(8)]
    for t in range(8):
        for s in range(8):
            prod = float(N_FULL[t]) * N_FULL[s]
            k_full[t][s] = (math.log(1.0 - P[t][s]) /
                            math.log((prod - 1.0) / prod))
    dc = [BG_RATE * K_EXT[t] * psc_ext * TAU_S * 1e-3 for t in range(8)]
    if kscale != 1:
        for t in range(8):
            rec = sum(psc[t][s] * k_full[t][s] / N_FULL[t] * RATES_FULL[s]
                      for s in range(8))
            dc[t] += 1e-3 * TAU_S * (1 - math.sqrt(kscale)) * rec
        psc = [[w / math.sqrt(kscale) for w in row] for row in psc]
    exc_range = uniform_range(*delay_moments(1.5))
    inh_range = uniform_range(*delay_moments(0.75))

    total = 0
    out = []
    w = out.append
    w('// Potjans & Diesmann (2014) cortical microcircuit, scale %s, '
      'kscale %s, seed %d.' % (real(scale), real(kscale), seed))
    w('// Generated by examples/pd14/generate.py; see its docstring for the '
      'parameters')
    w('// and the deviations from PD14 (uniform delays, bias as a synaptic '
      'charge).')
    w('// Currents in nA, potentials in mV, times in s.')
    w('snn.network @pd14 dt(1.0e-4) profile(float) {')
    model = ('#snn.lif<tau_mem = 0.01, v_leak = -65.0, v_th = -50.0, '
             'v_reset = -65.0, r = 40.0, t_ref = 0.002, '
             'tau_syn_exc = 0.0005, tau_syn_inh = 0.0005>')
    for k, name in enumerate(POPS):
        w('  %%%s = snn.population @%s' % (name, name))
        w('      model(%s)' % model)
        w('      init(#snn.normal<mean = %s, std = %s>) seed(%d) '
          ': !snn.pop<%d>' % (real(V0_MEAN[k]), real(V0_STD[k]),
                              seed * 1000 + k + 1, n[k]))
    w('  // Never spikes: the pre of the zero-weight projections that carry '
      'the DC bias.')
    w('  %dc = snn.spike_array @dc neurons([]) steps([]) : !snn.pop<1>')
    for t in range(8):
        for s in range(8):
            count = int(round(k_full[t][s] * scale * kscale))
            if count <= 0:
                continue
            total += count
            mu = psc[t][s] * 1e-3  # pA -> nA
            lo, hi = exc_range if s % 2 == 0 else inh_range
            w('  snn.connect %%%s -> %%%s connector(#snn.fixed_total<n = %d>)'
              % (POPS[s], POPS[t], count))
            w('      weight(#snn.normal<mean = %s, std = %s>) delay(%d) '
              'max_delay(%d)' % (real(mu), real(abs(mu) * 0.1), lo, hi))
            w('      seed(%d)%s : !snn.pop<%d> -> !snn.pop<%d>'
              % (seed * 1000 + 100 + 8 * t + s,
                 '' if s % 2 == 0 else ' synapse(inh)', n[s], n[t]))
    for t in range(8):
        b = bias_charge(dc[t] * 1e-3)
        w('  // DC %s pA' % real(round(dc[t], 6)))
        w('  snn.dense %%dc -> %%%s weights(dense<0.0> : tensor<%dx1xf32>)'
          % (POPS[t], n[t]))
        w('      bias(dense<%s> : tensor<%dxf64>) : !snn.pop<1> -> '
          '!snn.pop<%d>' % (real(b), n[t], n[t]))
    for name, size in zip(POPS, n):
        w('  snn.probe %%%s spikes : !snn.pop<%d>' % (name, size))
    w('}')
    return '\n'.join(out) + '\n', sum(n), total, (exc_range, inh_range)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--scale', type=float, default=0.1,
                    help='fraction of the neurons (N_scaling)')
    ap.add_argument('--kscale', type=float, default=1.0,
                    help='fraction of the in-degree (K_scaling)')
    ap.add_argument('--seed', type=int, default=1,
                    help='base of every population and projection seed')
    ap.add_argument('-o', '--output', default='-', help="output ('-': stdout)")
    ap.add_argument('--print-delays', action='store_true',
                    help='print the delay moments and uniform ranges')
    a = ap.parse_args()
    if not (0 < a.scale <= 1) or not (0 < a.kscale <= 1):
        ap.error('--scale and --kscale must be in (0, 1]')
    if a.print_delays:
        for name, mean in (('exc', 1.5), ('inh', 0.75)):
            m, s = delay_moments(mean)
            lo, hi = uniform_range(m, s)
            nn = hi - lo + 1
            print('%s: PD14 (+1 step) mean %.3f std %.3f steps; uniform [%d, %d] mean '
                  '%.3f std %.3f' % (name, m, s, lo, hi, (lo + hi) / 2.0,
                                     math.sqrt((nn * nn - 1) / 12.0)))
        return
    try:
        text, neurons, synapses, _ = generate(a.scale, a.kscale, a.seed)
    except ValueError as e:
        ap.error(str(e))
    if a.output == '-':
        sys.stdout.write(text)
    else:
        with open(a.output, 'w') as fh:
            fh.write(text)
    print('pd14: %d neurons, %d synapses' % (neurons, synapses),
          file=sys.stderr)


if __name__ == '__main__':
    main()
