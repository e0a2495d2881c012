#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <queue>
#include <vector>

#include "core/channel_state.hpp"
#include "core/desk_pool.hpp"
#include "core/event_log.hpp"
#include "core/lock_state.hpp"
#include "core/run.hpp"

namespace racelab {

// The threads engine: W workers, lightweight tasks (coroutines), run by D desk threads on real
// shared memory, as goroutines run on the Go runtime's threads. A desk runs a worker until it must
// wait: for a lock (it is parked in the lock's queue and the desk takes the next worker), or
// while it thinks (it is parked on a timer). Races really happen, between desks.
//
// Locking order inside: a lock's or a channel's guard, then the queue guard; never the other way
// round.
class ThreadsRun final : public Run {
 public:
  ThreadsRun(const RunConfig& config, std::unique_ptr<ScenarioRun> scenario, DeskPool& pool);
  ~ThreadsRun() override;

  bool finished() const override { return pool_.idle(); }
  void advance(double, std::int64_t = kAnySteps) override {}
  void wait() override { pool_.wait_idle(); }
  void request_stop() override;
  double elapsed_ms() const override;
  int desks() const override { return config_.desks; }
  Trace trace() const override;
  // Catches up with what the desks have published, up to the first event one of them has not
  // (see merge_by_sequence): always a prefix of trace(). Controlling thread only.
  const Trace* live_trace() const override;

  int seated(int desk) const override { return seated_[desk].load(std::memory_order_relaxed); }

 private:
  using Clock = std::chrono::steady_clock;

  struct GuardedLock {
    std::mutex guard;
    LockState state;
    GuardedLock(LockKind kind, int permits) : state(kind, permits) {}
  };
  struct GuardedChannel {
    std::mutex guard;
    ChannelState state;
    explicit GuardedChannel(int capacity) : state(capacity) {}
  };
  struct Sleeper {
    Clock::time_point wake;
    int worker;
    bool operator>(const Sleeper& other) const { return wake > other.wake; }
  };

  void desk_loop(int desk);
  // Runs the worker at `desk` until it parks or ends.
  void run_worker(int worker, int desk);
  // Continues the program past the request just done, through the requests that are not
  // scheduling points; false when it ended.
  bool resume(int worker, int desk);
  void enqueue(int worker);
  void record(int desk, int worker, EventKind kind, ResourceId resource = ResourceId::None,
              std::int32_t field = 0, std::int64_t value = 0);
  std::int64_t now_ns() const;
  // The time a program asks for (OpKind::Now): never earlier than a time asked before it.
  std::int64_t causal_now_ns();

  DeskPool& pool_;
  Clock::time_point epoch_;
  std::atomic<std::int64_t> finished_at_ns_{-1};
  std::vector<std::unique_ptr<GuardedLock>> locks_;
  std::vector<std::unique_ptr<GuardedChannel>> channels_;
  std::unique_ptr<std::atomic<int>[]> seated_;

  std::mutex queue_guard_;
  std::condition_variable queue_changed_;
  std::deque<int> ready_;                                                        // by queue_guard_
  std::priority_queue<Sleeper, std::vector<Sleeper>, std::greater<>> sleepers_;  // by queue_guard_
  int unfinished_;                                                               // by queue_guard_
  int running_ = 0;       // desks running a worker now, by queue_guard_
  bool stalled_ = false;  // nobody could move any more, by queue_guard_

  std::vector<std::int16_t> steps_;         // per worker, by whoever runs it
  std::vector<std::int64_t> parked_at_ns_;  // per worker, by whoever runs it
  std::vector<std::uint8_t> started_;       // per worker, by whoever runs it
  std::vector<std::uint8_t> spinning_;      // per worker, by whoever runs it
  std::unique_ptr<EventLog[]> logs_;        // per desk, written by that desk only
  std::atomic<std::uint64_t> sequence_{0};

  // The live trace, by the controlling thread only: where it has read each desk's log to, and
  // the sequence number it waits for next.
  mutable std::vector<EventLog::Cursor> live_cursors_;
  mutable std::uint64_t live_next_ = 0;
  mutable Trace live_;
  std::atomic<std::int64_t> latest_now_ns_{0};
};

}  // namespace racelab
