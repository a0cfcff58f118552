#!/usr/bin/env python3
"""Checks of generate.py against independently derived values.

    python3 examples/pd14/test_generate.py [-v]

Plain unittest, no numpy. With DENDRON=<path to the dendron binary> it also
runs the generated 1 % network for a few steps.
"""
import math
import os
import random
import re
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, HERE)
import generate  # noqa: E402


def run_generator(*args):
    return subprocess.run([sys.executable, os.path.join(HERE, 'generate.py')] +
                          list(args), capture_output=True, text=True)


class GenerateTest(unittest.TestCase):

    def test_synapse_count_matches_brian2(self):
        # bench_pd14.py --scale 0.1 --kscale 1.0 reports synapses=29888097
        # (numpy, its own formula and rounding).
        text, neurons, synapses, _ = generate.generate(0.1, 1.0, 1)
        self.assertEqual(neurons, 7717)
        self.assertEqual(synapses, 29888097)
        counts = [int(n) for n in re.findall(r'fixed_total<n = (\d+)>', text)]
        self.assertEqual(sum(counts), 29888097)
        self.assertEqual(len(counts), 55)  # 64 pairs, 9 with p = 0

    def test_full_scale_sizes(self):
        _, neurons, synapses, _ = generate.generate(1.0, 1.0, 1)
        self.assertEqual(neurons, 77169)
        self.assertGreater(synapses, 2.9e8)
        self.assertLess(synapses, 3.0e8)

    def test_delay_moments_match_sampling(self):
        # Monte Carlo of PD14's procedure: normal(mu, mu/2) redrawn below
        # dt/2, rounded to the dt grid (at least one step), plus the step of
        # the convention change.
        rng = random.Random(7)
        for mean_ms in (1.5, 0.75):
            samples = []
            while len(samples) < 200000:
                d = rng.gauss(mean_ms, mean_ms * 0.5)
                if d < 0.05:
                    continue
                samples.append(max(round(d / 0.1), 1) + 1)
            m = sum(samples) / len(samples)
            s = math.sqrt(sum((x - m) ** 2 for x in samples) / len(samples))
            em, es = generate.delay_moments(mean_ms)
            self.assertAlmostEqual(em, m, delta=0.05)
            self.assertAlmostEqual(es, s, delta=0.05)

    def test_uniform_range_brute_force(self):
        # Discrete uniform [lo, hi]: mean (lo + hi) / 2, variance
        # ((hi - lo + 1)^2 - 1) / 12; [5, 28] has mean 16.5, std 6.92.
        self.assertEqual(generate.uniform_range(16.5, math.sqrt(575 / 12.0)),
                         (5, 28))
        self.assertEqual(generate.uniform_range(1.0, 0.0), (1, 1))

    def test_bias_reaches_dc_steady_state(self):
        # Iterates the exact discretisation of tau_m dv/dt = -(v - E_L) + R I,
        # tau_s dI/dt = -I with a charge b added to I at every step start,
        # and compares the limit with E_L + R I_dc.
        dt, tm, ts, r, e_l, i_dc = 0.1, 10.0, 0.5, 40.0, -65.0, 0.5
        b = generate.bias_charge(i_dc)
        a_m, a_s = math.exp(-dt / tm), math.exp(-dt / ts)
        beta = r * ts / (ts - tm) * (a_s - a_m)
        v, cur = e_l, 0.0
        for _ in range(5000):
            cur = cur + b
            v = a_m * v + (1 - a_m) * e_l + beta * cur
            cur = a_s * cur
        self.assertAlmostEqual(v, e_l + r * i_dc, places=9)
        self.assertAlmostEqual(b, i_dc * dt / ts, delta=0.01 * i_dc * dt / ts)

    def test_real_prints_mlir_floats(self):
        self.assertEqual(generate.real(1e-05), '1.0e-05')
        self.assertEqual(generate.real(-65), '-65.0')
        self.assertEqual(generate.real(0.1), '0.1')

    def test_rejects_bad_scale(self):
        r = run_generator('--scale', '0')
        self.assertEqual(r.returncode, 2)
        self.assertIn('--scale and --kscale must be in (0, 1]', r.stderr)
        r = run_generator('--kscale', '1.5')
        self.assertEqual(r.returncode, 2)
        self.assertIn('--scale and --kscale must be in (0, 1]', r.stderr)

    def test_rejects_empty_population(self):
        r = run_generator('--scale', '0.0001')
        self.assertEqual(r.returncode, 2)
        self.assertIn('--scale 0.0001 leaves a population empty', r.stderr)

    def test_committed_small_network_is_current(self):
        text, _, _, _ = generate.generate(0.01, 1.0, 1)
        with open(os.path.join(HERE, 'pd14_small.mlir')) as fh:
            self.assertEqual(fh.read(), text)

    @unittest.skipUnless(os.environ.get('DENDRON'), 'set DENDRON=<binary>')
    def test_dendron_runs_small_network(self):
        r = subprocess.run([os.environ['DENDRON'], 'run',
                            os.path.join(HERE, 'pd14_small.mlir'),
                            '--steps', '100', '--profile', 's16.15'],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('771 neurons', r.stdout)


if __name__ == '__main__':
    unittest.main()
