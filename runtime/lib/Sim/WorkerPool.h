//===- WorkerPool.h - Persistent threads for per-step phases ----*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A fixed set of threads that run one function per call on every thread and
/// return when all are done. Used twice per timestep, so dispatch is a
/// spin-then-yield handshake on atomics rather than a condition variable.
/// Internal to the runtime library.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_LIB_SIM_WORKERPOOL_H
#define DENDRON_RUNTIME_LIB_SIM_WORKERPOOL_H

#include <atomic>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

namespace dendron::rt::detail {

class WorkerPool {
public:
  /// Starts `threads - 1` workers; the calling thread is thread 0. If the
  /// system refuses a thread, the pool is as large as it could be made.
  explicit WorkerPool(unsigned threads) {
    unsigned wanted = threads ? threads : 1;
    try {
      workers.reserve(wanted - 1);
      for (unsigned t = 1; t < wanted; ++t)
        workers.emplace_back([this, t] { workerLoop(t); });
    } catch (const std::exception &) {
      // Keep the workers that did start.
    }
    count = unsigned(workers.size()) + 1;
  }

  ~WorkerPool() {
    stop.store(true, std::memory_order_relaxed);
    epoch.fetch_add(1, std::memory_order_release);
    for (auto &w : workers)
      w.join();
  }

  WorkerPool(const WorkerPool &) = delete;
  WorkerPool &operator=(const WorkerPool &) = delete;

  unsigned size() const { return count; }

  /// Calls fn(t) for every t in [0, size()) concurrently; returns when all
  /// calls have returned.
  template <class F> void run(F &fn) {
    if (count == 1) {
      fn(0u);
      return;
    }
    job = [](void *ctx, unsigned t) { (*static_cast<F *>(ctx))(t); };
    context = &fn;
    pending.store(count - 1, std::memory_order_relaxed);
    epoch.fetch_add(1, std::memory_order_release);
    fn(0u);
    for (unsigned spins = 0; pending.load(std::memory_order_acquire) != 0;
         ++spins)
      backoff(spins);
  }

private:
  static void backoff(unsigned spins) {
    if (spins > 64)
      std::this_thread::yield();
  }

  void workerLoop(unsigned t) {
    uint64_t seen = 0;
    while (true) {
      uint64_t e;
      for (unsigned spins = 0;
           (e = epoch.load(std::memory_order_acquire)) == seen; ++spins)
        backoff(spins);
      seen = e;
      if (stop.load(std::memory_order_relaxed))
        return;
      job(context, t);
      pending.fetch_sub(1, std::memory_order_release);
    }
  }

  unsigned count = 1;
  std::vector<std::thread> workers;
  std::atomic<uint64_t> epoch{0};
  std::atomic<unsigned> pending{0};
  std::atomic<bool> stop{false};
  void (*job)(void *, unsigned) = nullptr;
  void *context = nullptr;
};

} // namespace dendron::rt::detail

#endif // DENDRON_RUNTIME_LIB_SIM_WORKERPOOL_H
