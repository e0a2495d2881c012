#pragma once

#include <cstdint>
#include <deque>
#include <queue>
#include <vector>

#include "core/channel_state.hpp"
#include "core/lock_state.hpp"
#include "core/run.hpp"

namespace racelab {

// A small seeded generator (SplitMix64) whose sequence is the same on every platform, unlike the
// standard distributions.
class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [0, bound), bound > 0.
  std::uint32_t below(std::uint32_t bound);

 private:
  std::uint64_t state_;
};

// Who goes next where more than one worker could: the seed's random pick by default, or a
// schedule (the explorer's, a replayed token's).
class Chooser {
 public:
  virtual ~Chooser() = default;
  // `runnable` holds two or more workers in ascending order; `last` went last (-1: nobody yet).
  // Returns one of them, or -1 to end the run there (a schedule that does not fit).
  virtual int choose(const std::vector<int>& runnable, int last) = 0;
};

// The deterministic engine: every worker program on the calling thread, a seeded scheduler picking
// which runnable worker performs its next shared-memory or lock operation, and virtual time
// (each operation takes a microsecond; thinking takes its milliseconds). The same seed and
// settings give the same trace, outcome and summary on every platform.
class DeterministicRun final : public Run {
 public:
  static constexpr std::int64_t kOperationNs = 1000;

  DeterministicRun(const RunConfig& config, std::unique_ptr<ScenarioRun> scenario);

  bool finished() const override { return finished_; }
  void advance(double budget_ms, std::int64_t max_steps = kAnySteps) override;
  void wait() override;
  void request_stop() override { mark_stop(); }
  double elapsed_ms() const override { return static_cast<double>(clock_ns_) / 1e6; }
  int desks() const override { return 1; }
  // The worker picked last, while the run goes on; nobody once everyone is done.
  int seated(int) const override { return finished_ ? -1 : last_picked_; }
  Trace trace() const override { return trace_; }
  const Trace* live_trace() const override { return &trace_; }

  // One scheduling decision; false once the run is over.
  bool step();

  // For a visitor who schedules: who could go now, in ascending order, once everyone due has
  // woken (time moves on while nobody can); empty once the run is over.
  const std::vector<int>& ready();
  // Performs `worker`'s next request, as though the scheduler had picked it; a pick among
  // several counts as a choice. False, and nothing done, when the worker cannot go now.
  bool step_worker(int worker);
  // The request the worker will make when it next goes; null once it is done.
  const Op* pending(int worker) const;
  // How many requests the worker has come to so far (its pending one included): it changes
  // exactly when pending(worker) is a new request.
  std::int64_t requests_reached(int worker) const { return requests_reached_[worker]; }

  // Hands the choices to `chooser` (kept by the run) instead of the seed. Before the first step.
  void set_chooser(std::unique_ptr<Chooser> chooser) { chooser_ = std::move(chooser); }
  // With a chooser, the worker picked at each point where more than one could go: the run's
  // schedule.
  const std::vector<int>& choices() const { return choices_; }
  // Scheduling steps taken so far.
  std::int64_t steps_taken() const { return steps_taken_; }

 private:
  struct Sleeper {
    std::int64_t wake_ns;
    int worker;
    bool operator>(const Sleeper& other) const {
      return wake_ns != other.wake_ns ? wake_ns > other.wake_ns : worker > other.worker;
    }
  };

  // Wakes whoever is due, moving time on when nobody can go; false when nobody can go now
  // (the run may have ended: finished_).
  bool settle();
  // Lets `worker`, who is runnable, perform its request.
  void take(int worker);
  // Performs the worker's pending request; returns false when the worker can go on no further now.
  bool perform(int worker);
  // Resumes the program past the request just performed, handling the requests that are not
  // scheduling points, until it makes one that is (or ends).
  void resume(int worker);
  void record(int worker, EventKind kind, ResourceId resource = ResourceId::None,
              std::int32_t field = 0, std::int64_t value = 0);
  void make_runnable(int worker);
  // Lets go on the workers a channel operation woke, with what they received.
  void wake(const std::vector<ChannelWake>& woken, int channel);
  void finish();
  // Ends a run nobody can move on, noting who is stuck and why.
  void finish_stuck();

  SeededRandom random_;
  std::int64_t clock_ns_ = 0;
  bool finished_ = false;
  int last_picked_ = -1;
  std::vector<int> runnable_;
  std::priority_queue<Sleeper, std::vector<Sleeper>, std::greater<>> sleepers_;
  std::vector<LockState> locks_;
  std::vector<ChannelState> channels_;
  std::vector<std::deque<int>> spinners_;  // per spinlock: who failed a try, in order
  std::vector<std::int64_t> blocked_since_;
  std::vector<std::uint8_t> spinning_;  // per worker: its acquisition has failed a try already
  std::vector<std::int16_t> steps_;
  std::vector<std::int64_t> requests_reached_;
  Trace trace_;
  std::unique_ptr<Chooser> chooser_;
  std::vector<int> choices_;
  std::vector<int> sorted_;  // the chooser's view of runnable_
  std::int64_t steps_taken_ = 0;
};

}  // namespace racelab
