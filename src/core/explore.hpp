#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/deterministic_run.hpp"
#include "core/scenario.hpp"
#include "core/schedule.hpp"

namespace racelab {

// A deterministic run that follows `choices` where more than one worker could go, and then,
// once they are used up, lets whoever went last go on (the schedule of fewest switches): a
// shorter token replays a beginning. A choice that names a worker who cannot go there ends the
// run; `schedule_problem` says why.
struct ScheduledRun {
  std::unique_ptr<DeterministicRun> run;
  std::shared_ptr<std::string> schedule_problem;  // empty while the schedule fits
  std::shared_ptr<std::size_t> choices_used;      // how many of the choices the run took
  std::size_t choices_given = 0;

  // Once the run is over: why the schedule does not fit it (a wrong choice, or choices left
  // over that this run never came to), or empty.
  std::string problem() const;
};
ScheduledRun start_scheduled_run(const RunConfig& config, std::vector<int> choices,
                                 std::unique_ptr<ScenarioRun> scenario = nullptr);

// Every interleaving of a small run with at most `bound` preemptions (a switch away from a
// worker that could have gone on), each run to the end on the deterministic engine: how many
// broke the invariant, how many raced, and the shortest failing one. Advanced a slice at a time
// so that a page stays responsive; cancel() ends it early.
class Explorer {
 public:
  struct Options {
    int bound = 2;
    std::int64_t most_schedules = 100'000;  // beyond it the result says it is incomplete
  };
  struct Result {
    std::int64_t schedules = 0;
    std::int64_t failing = 0;     // broke the invariant (a deadlock included)
    std::int64_t racing = 0;      // the race detector saw a race
    std::int64_t deadlocked = 0;  // nobody could move
    bool complete = false;        // every schedule within the bound was tried
    bool cancelled = false;
    // The failing schedule with the fewest steps (the first found among equals).
    std::optional<std::vector<int>> shortest_failing;
    std::int64_t shortest_steps = 0;
    std::string shortest_verdict;
  };

  // `make` builds each run's scenario; by default the registry's for config.scenario.
  using ScenarioMaker = std::function<std::unique_ptr<ScenarioRun>()>;
  Explorer(const RunConfig& config, Options options, ScenarioMaker make = nullptr);

  // Explores for about `budget_ms`; false once done (or cancelled).
  bool advance(double budget_ms);
  void run_to_end() {
    while (advance(1000.0)) {
    }
  }
  void cancel() { result_.cancelled = true; }
  bool done() const { return done_ || result_.cancelled; }
  // An estimate in [0, 1] of the share of the schedules tried.
  double progress() const;
  const Result& result() const { return result_; }

 private:
  struct Point {
    std::vector<int> options;  // the default (no preemption) first
    std::size_t taken = 0;
    int preemptions_before = 0;
    int last = -1;
  };
  class Recorder;

  void explore_one();
  bool next_prefix();

  RunConfig config_;
  Options options_;
  ScenarioMaker make_;
  std::vector<Point> points_;  // the choice points of the schedule just run
  std::vector<int> prefix_;    // the choices the next run follows
  bool done_ = false;
  Result result_;
};

}  // namespace racelab
