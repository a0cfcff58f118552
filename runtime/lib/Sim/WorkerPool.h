//===- WorkerPool.h - Persistent threads for per-step phases ----*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A fixed set of threads that run one function per call on every thread and
/// return when all are done. It is used twice per timestep, so a handshake
/// first spins on atomics (a phase is a few microseconds); a thread that has
/// spun for longer than that sleeps on a condition variable instead, so an
/// oversubscribed machine (other processes, more threads than cores) is not
/// slowed down by threads burning the cores the working threads need.
/// Internal to the runtime library.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_LIB_SIM_WORKERPOOL_H
#define DENDRON_RUNTIME_LIB_SIM_WORKERPOOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
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
    stop.store(true);
    epoch.fetch_add(1);
    {
      std::lock_guard<std::mutex> lock(mutex);
      wake.notify_all();
    }
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
    pending.store(count - 1);
    // Sequentially consistent: either a worker going to sleep sees the new
    // epoch, or this thread sees it asleep and wakes it.
    epoch.fetch_add(1);
    if (sleepingWorkers.load() > 0) {
      std::lock_guard<std::mutex> lock(mutex);
      wake.notify_all();
    }
    fn(0u);
    for (unsigned spins = 0; pending.load() != 0; ++spins) {
      if (spins < kSpins) {
        relax();
        continue;
      }
      std::unique_lock<std::mutex> lock(mutex);
      callerSleeping.store(true);
      done.wait(lock, [&] { return pending.load() == 0; });
      callerSleeping.store(false);
      break;
    }
  }

private:
  /// Spin iterations before sleeping: tens of microseconds, longer than a
  /// typical phase, far shorter than a scheduler time slice.
  static constexpr unsigned kSpins = 1u << 14;

  static void relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#else
    std::this_thread::yield();
#endif
  }

  void workerLoop(unsigned t) {
    uint64_t seen = 0;
    while (true) {
      uint64_t e;
      for (unsigned spins = 0; (e = epoch.load()) == seen; ++spins) {
        if (spins < kSpins) {
          relax();
          continue;
        }
        std::unique_lock<std::mutex> lock(mutex);
        sleepingWorkers.fetch_add(1);
        wake.wait(lock, [&] { return epoch.load() != seen; });
        sleepingWorkers.fetch_sub(1);
        spins = 0;
      }
      seen = e;
      if (stop.load())
        return;
      job(context, t);
      if (pending.fetch_sub(1) == 1 && callerSleeping.load()) {
        std::lock_guard<std::mutex> lock(mutex);
        done.notify_one();
      }
    }
  }

  unsigned count = 1;
  std::vector<std::thread> workers;
  std::atomic<uint64_t> epoch{0};
  std::atomic<unsigned> pending{0};
  std::atomic<unsigned> sleepingWorkers{0};
  std::atomic<bool> callerSleeping{false};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable wake; ///< workers wait here for a new epoch.
  std::condition_variable done; ///< the caller waits here for pending == 0.
  void (*job)(void *, unsigned) = nullptr;
  void *context = nullptr;
};

} // namespace dendron::rt::detail

#endif // DENDRON_RUNTIME_LIB_SIM_WORKERPOOL_H
