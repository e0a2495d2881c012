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

 private:
  struct Sleeper {
    std::int64_t wake_ns;
    int worker;
    bool operator>(const Sleeper& other) const {
      return wake_ns != other.wake_ns ? wake_ns > other.wake_ns : worker > other.worker;
    }
  };

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
  std::vector<std::int16_t> steps_;
  Trace trace_;
};

}  // namespace racelab
