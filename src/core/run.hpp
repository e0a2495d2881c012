#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/config.hpp"
#include "core/deadlock.hpp"
#include "core/desk_pool.hpp"
#include "core/memory.hpp"
#include "core/race_detector.hpp"
#include "core/scenario.hpp"
#include "core/summary.hpp"
#include "core/trace.hpp"
#include "core/worker_program.hpp"

namespace racelab {

// What a worker is doing, for the live views.
enum class Activity : std::uint8_t {
  Ready,     // runnable, waiting for a desk (or for the scheduler's pick)
  Running,   // at a desk
  Queueing,  // waiting for a lock
  Thinking,  // away from the resource
  Done,
};

const char* activity_name(Activity activity);

// What a queueing worker waits for: the floor puts it in the line it stands in.
enum class Waiting : std::uint8_t { Lock, LockToRead, Channel };

// Which side of a lock a worker holds, for the floor view: nothing, the whole lock (a writer, a
// mutex's or a semaphore's holder) or a reader's share of an RWMutex.
enum class Holding : std::uint8_t { Nothing, Exclusive, Shared };

// What the engines measure per worker. Written only by whoever runs that worker at the moment
// (one desk at a time, handed over under the engine's queue lock); read once the run is over.
struct WorkerTally {
  std::int64_t running_ns = 0;
  std::int64_t waiting_ns = 0;
  std::int64_t thinking_ns = 0;
  std::int64_t operations = 0;
  std::vector<std::int64_t> lock_waits_ns;  // one per acquisition, 0 where it came at once
  std::int64_t contended = 0;               // acquisitions that found the lock taken
};

// One run of a scenario on an engine. The controlling thread (the UI's, or the CLI's) creates it,
// calls advance() and polls finished(); it never blocks unless it calls wait(). The live accessors
// may be called at any time; summary() is final once finished().
class Run {
 public:
  virtual ~Run() = default;

  const RunConfig& config() const { return config_; }
  const ScenarioRun& scenario() const { return *scenario_; }

  virtual bool finished() const = 0;
  // Lets the engine work for about `budget_ms` on the calling thread (the deterministic engine
  // runs there), and for at most `max_steps` scheduling steps (a slowed-down replay); engines
  // with threads of their own return at once.
  static constexpr std::int64_t kAnySteps = INT64_MAX;
  virtual void advance(double budget_ms, std::int64_t max_steps = kAnySteps) = 0;
  // Runs to the end. Native code only: the browser's main thread must not block.
  virtual void wait() = 0;
  // Ends the run soon: thinking is cut short and nobody starts another step.
  virtual void request_stop() = 0;
  virtual double elapsed_ms() const = 0;
  virtual int desks() const = 0;
  // Which worker sits at the desk now (-1: nobody), for the floor view.
  virtual int seated(int desk) const = 0;

  std::vector<std::int64_t> memory() const { return memory_.snapshot(); }
  Activity activity(int worker) const {
    return activities_[worker].load(std::memory_order_relaxed);
  }
  int workers_done() const { return done_.load(std::memory_order_relaxed); }
  // Meaningful while activity(worker) is Queueing.
  Waiting waiting_for(int worker) const { return waiting_[worker].load(std::memory_order_relaxed); }
  // Which side of a lock the worker holds: the side it took last, while it holds any (a deadlock
  // scenario's worker may hold two). A waiter granted the lock holds it already while it waits
  // for a desk.
  Holding holding(int worker) const { return holding_[worker].load(std::memory_order_relaxed); }
  // Which of the scenario's locks the worker holds, a bit per lock index (the first 32), and
  // the lock it queues for (-1: none, or a channel): the floor draws a line per lock.
  std::uint32_t locks_held(int worker) const {
    return locks_held_mask_[worker].load(std::memory_order_relaxed);
  }
  int lock_waited(int worker) const { return lock_waited_[worker].load(std::memory_order_relaxed); }

  Summary summary() const;
  // The operations done so far, as summary() counts them, without its analysis. Requires
  // finished() on the threads engine.
  std::int64_t operations() const;

  // The most events one run records (about 120 MB of trace); a run that reaches it is stopped,
  // so that no setting can exhaust the page's memory.
  static constexpr std::size_t kMaxEvents = 3'000'000;
  bool trace_full() const { return trace_full_.load(std::memory_order_relaxed); }

  // The whole run's events in time order. Requires finished().
  virtual Trace trace() const = 0;
  // The events so far, in the order of trace() and a prefix of it, for the controlling thread
  // while the run goes: the deterministic engine's whole trace as it grows; on the threads engine
  // what the desks have published when asked, up to kMostLiveEvents (past that the whole trace
  // comes with the end of the run). Null on an engine that cannot show it. The pointer stays
  // valid for the run's life; what it points to changes on the next call.
  virtual const Trace* live_trace() const { return nullptr; }
  static constexpr std::size_t kMostLiveEvents = 300'000;

  // Why a run ended with workers left: nobody could move (and, usually, the cycle that holds
  // them). Final once finished(); empty for a run that did not stall.
  const std::optional<Deadlock>& deadlock() const { return deadlock_; }

  int total_workers() const { return total_workers_; }  // the scenario's helpers included
  std::vector<LockKind> lock_kinds() const;

  // What the race detector found in the finished run, computed once. Controlling thread only.
  const std::vector<RaceReport>& races() const;
  // Whether the detector looked at all (it does not past RaceDetector::kMaxWorkers workers).
  bool races_analysed() const { return total_workers_ <= RaceDetector::kMaxWorkers; }

 protected:
  Run(const RunConfig& config, std::unique_ptr<ScenarioRun> scenario);

  void set_activity(int worker, Activity activity) {
    activities_[worker].store(activity, std::memory_order_relaxed);
  }
  // The worker queues: for a lock (on its read side or not) or for a channel.
  // The engines call these three while the worker's pending op is the acquire or release
  // concerned (its target is the lock), which is where the lock's index comes from.
  void set_queueing(int worker, Waiting waiting) {
    waiting_[worker].store(waiting, std::memory_order_relaxed);
    const int lock = waiting == Waiting::Channel ? -1 : tasks_[worker].pending().target;
    lock_waited_[worker].store(lock, std::memory_order_relaxed);
    set_activity(worker, Activity::Queueing);
  }
  // Who holds what changes only on the desk running the worker, or under the guard of the lock
  // granted to it while it is parked: one writer at a time per worker.
  void set_holding(int worker, LockSide side) {
    locks_held_[worker] += 1;
    holding_[worker].store(side == LockSide::Shared ? Holding::Shared : Holding::Exclusive,
                           std::memory_order_relaxed);
    lock_waited_[worker].store(-1, std::memory_order_relaxed);
    note_lock_held(worker, tasks_[worker].pending().target, +1);
  }
  void set_released(int worker) {
    note_lock_held(worker, tasks_[worker].pending().target, -1);
    if (locks_held_[worker] > 0 && --locks_held_[worker] > 0) return;  // still holds another
    holding_[worker].store(Holding::Nothing, std::memory_order_relaxed);
  }
  // Counts the worker as done; the scenario's helpers (a channel's owner) are not counted.
  void count_done(int worker) {
    if (worker < config_.workers) done_.fetch_add(1, std::memory_order_relaxed);
  }
  // The engines call this when nobody can move, with their locks' states: records who is left
  // and what holds them. The caller keeps the locks and waits_on_ still meanwhile.
  void note_stall(const std::vector<const LockState*>& locks);
  void describe_deadlock(Summary& summary) const;
  bool stop_requested() const { return stop_.load(std::memory_order_relaxed); }
  void mark_stop() { stop_.store(true, std::memory_order_relaxed); }
  // The trace reached kMaxEvents: the run ends like a stopped one, and says why.
  void stop_for_size() {
    trace_full_.store(true, std::memory_order_relaxed);
    mark_stop();
  }

  RunConfig config_;
  std::unique_ptr<ScenarioRun> scenario_;
  int total_workers_;  // config.workers and the scenario's helpers
  SharedMemory memory_;
  std::vector<WorkerTask> tasks_;
  std::vector<WorkerTally> tallies_;
  std::vector<LockSpec> lock_specs_;
  std::vector<int> channel_capacities_;
  // Per worker: the lock it is in line for (-1: none), written where it queues, by whoever
  // runs it; read only by note_stall().
  std::vector<int> waits_on_;
  std::optional<Deadlock> deadlock_;

 private:
  std::unique_ptr<std::atomic<Activity>[]> activities_;
  std::unique_ptr<std::atomic<Waiting>[]> waiting_;
  std::unique_ptr<std::atomic<Holding>[]> holding_;
  std::vector<int> locks_held_;  // per worker, by its single writer (see set_holding)
  // Per worker and lock (the first 32 locks): how often it holds it (a reader may twice), by
  // the worker's single writer; and the bits of those it holds, for the live views.
  static constexpr std::size_t kMaskedLocks = 32;
  int masked_locks_;
  std::vector<std::uint8_t> holds_per_lock_;
  std::unique_ptr<std::atomic<std::uint32_t>[]> locks_held_mask_;
  std::unique_ptr<std::atomic<int>[]> lock_waited_;
  void note_lock_held(int worker, int lock, int change);
  std::atomic<int> done_{0};
  std::atomic<bool> stop_{false};
  std::atomic<bool> trace_full_{false};
  mutable bool races_done_ = false;
  mutable std::vector<RaceReport> races_;
  // The finished trace's hash, computed once: the page asks for the summary every frame, and
  // hashing a million events each time would cost more than drawing them.
  mutable bool trace_hash_done_ = false;
  mutable std::uint64_t trace_hash_ = 0;
};

// Starts a run of `config` on its engine. The threads engine needs `desks` (with at least
// config.desks of them) to outlive the run; the deterministic engine ignores it.
std::unique_ptr<Run> start_run(const RunConfig& config, DeskPool* desks);

}  // namespace racelab
