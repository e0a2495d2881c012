#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <latch>
#include <memory>
#include <vector>

#include "core/booking.hpp"
#include "core/config.hpp"
#include "core/desk_pool.hpp"
#include "core/lock.hpp"
#include "core/summary.hpp"
#include "core/trace.hpp"

namespace racelab {

// What a worker is doing, for the live views.
enum class Activity : std::uint8_t {
  Arriving,   // not yet through the door
  Queueing,   // waiting for the receptionist
  Reading,    // looking at the calendar
  Thinking,   // deciding, the slot it saw free in mind
  Writing,    // writing its name
  Booked,     // done, with a slot
  LeftEmpty,  // done, the calendar was full
};

const char* activity_name(Activity activity);

// One run of the `booking` scenario on the threads engine: every worker on a desk of its own
// (one OS thread each, from the pool), real shared memory, real sleeps for the think time.
//
// The controlling thread constructs the run, polls finished() and reads the live accessors; it
// never blocks unless it calls wait(). The pool must have a desk per worker and outlive the run,
// and the run must not be destroyed before finished() (request_stop() makes that quick).
class ThreadsRun {
 public:
  ThreadsRun(const RunConfig& config, DeskPool& desks);
  ~ThreadsRun();

  ThreadsRun(const ThreadsRun&) = delete;
  ThreadsRun& operator=(const ThreadsRun&) = delete;

  const RunConfig& config() const { return config_; }

  bool finished() const { return desks_.idle(); }
  void wait() const { desks_.wait_idle(); }

  // Cuts thinking short and sends every worker not yet at the calendar home.
  void request_stop() { stop_.store(true, std::memory_order_relaxed); }

  // Live, from any thread: the calendar as it stands and each worker's activity.
  CalendarPage calendar() const { return calendar_.snapshot(); }
  Activity activity(int worker) const {
    return activities_[worker].load(std::memory_order_relaxed);
  }
  int workers_done() const;
  double elapsed_ms() const;

  // The summary: final once finished(), a live preview before.
  Summary summary() const;

  // The merged event trace. Requires finished().
  Trace trace() const;

 private:
  void run_worker(int worker, int desk);
  void think(int worker);
  void set_activity(int worker, Activity activity);

  RunConfig config_;
  DeskPool& desks_;
  Calendar calendar_;
  Receptionist receptionist_;
  std::latch doors_;  // everyone starts at once, which is when a rush at 10:00 happens
  std::chrono::steady_clock::time_point epoch_;
  std::atomic<std::int64_t> finished_at_ns_{-1};
  std::atomic<bool> stop_{false};
  std::unique_ptr<std::atomic<Activity>[]> activities_;
  std::vector<std::vector<Event>> events_;  // one list per worker, written by that worker only
  std::vector<std::int64_t> lock_wait_ns_;  // per worker, written by that worker only
};

}  // namespace racelab
