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
///
/// Part t of a call is claimed by worker t or, once the caller has finished
/// part 0, by the caller: a worker that the scheduler has not run yet does not
/// hold the caller up for a time slice (milliseconds, against a phase of
/// microseconds), so a busy machine degrades towards one thread instead of
/// far below it. Internal to the runtime library.
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
      claimed = std::vector<Claim>(wanted);
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

  /// Calls fn(t) for every t in [0, size()), concurrently, and returns when
  /// all calls have returned. fn(0) runs on the calling thread; fn(t) for
  /// t > 0 runs on worker t or on the calling thread, so its result must not
  /// depend on the thread.
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
    uint64_t e = epoch.fetch_add(1) + 1;
    if (sleepingWorkers.load() > 0) {
      std::lock_guard<std::mutex> lock(mutex);
      wake.notify_all();
    }
    fn(0u);
    // Run the parts no worker has started yet.
    for (unsigned t = 1; t < count; ++t)
      if (claim(t, e)) {
        fn(t);
        pending.fetch_sub(1);
      }
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

  /// Claims part t of the call of epoch e for the calling thread; false if
  /// it is taken or e is no longer the current call (a worker that woke up
  /// late: part t of epoch e was then claimed before e could end).
  bool claim(unsigned t, uint64_t e) {
    std::atomic<uint64_t> &c = claimed[t].epoch;
    uint64_t old = c.load();
    return old < e && c.compare_exchange_strong(old, e);
  }

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
      // The call of epoch e is still running while part t is unclaimed, so
      // job and context are those of epoch e.
      if (!claim(t, e))
        continue;
      job(context, t);
      if (pending.fetch_sub(1) == 1 && callerSleeping.load()) {
        std::lock_guard<std::mutex> lock(mutex);
        done.notify_one();
      }
    }
  }

  /// The last epoch whose part t has been claimed; one cache line each.
  struct alignas(64) Claim {
    std::atomic<uint64_t> epoch{0};
  };

  unsigned count = 1;
  std::vector<Claim> claimed; ///< [thread]
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
