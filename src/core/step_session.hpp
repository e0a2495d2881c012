#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/deterministic_run.hpp"
#include "core/scenario.hpp"
#include "core/schedule.hpp"

namespace racelab {

// The step engine: the visitor is the scheduler. Each move lets one worker perform its next
// request, or the rest of its program line (the line's parts back to back, as though it were
// atomic). Undo replays every move but the last from the start: the deterministic engine
// replays exactly, so every state shown is one a run really passes through.
class StepSession {
 public:
  // What the step engine shows of a worker.
  struct WorkerView {
    std::string name;
    bool can_go = false;
    bool done = false;
    std::string status;              // "ready", "waits for the conference room", "done"
    int line = -1;                   // the line of code() it is at; -1 when done or not found
    std::vector<std::string> parts;  // the requests it made on that line so far, in words
    std::string last;                // the last request it made, in words, with its outcome
    std::string next;                // the request it makes when it next goes, in words
  };

  // `config` is the step engine's (engine step, at most RunConfig::kMaxStepWorkers workers);
  // thinking takes no time here, since the visitor decides who goes. config.schedule is
  // ignored: replay() takes a position.
  explicit StepSession(const RunConfig& config);

  const RunConfig& config() const { return config_; }
  const DeterministicRun& run() const { return *run_; }
  // Changes whenever the run is rebuilt (Undo, Restart, a replay), for views that cache it.
  std::uint64_t generation() const { return generation_; }
  bool finished() const { return run_->finished(); }

  // Everyone the visitor schedules: the workers and the scenario's helpers (a channel's owner).
  int workers() const { return run_->total_workers(); }
  const std::vector<CodeLine>& code(int worker) const { return code_[worker]; }
  WorkerView view(int worker) const;
  // Who can go now, ascending.
  const std::vector<int>& ready() const { return ready_; }

  // Lets `worker` go: one request, or with `whole_line` its line's requests up to the next
  // line (or until it must wait). Returns why it cannot go, or empty when it went.
  std::string go(int worker, bool whole_line);
  // The next move of the plan (a replayed schedule's, or what Undo took back); without one,
  // whoever went last goes on (the move of fewest switches). False once the run is over.
  bool next();
  // Takes back the last move; false when there is none.
  bool undo();
  // Back to the first step, the moves kept as the plan (Next replays them).
  void restart();
  // Starts again and follows `position` (a link's). Returns why it does not fit these
  // settings, or empty; the session then stands where it stopped fitting.
  std::string replay(const SchedulePosition& position);
  // Starts again with a whole schedule (an explored one) as the plan, for Next to step through.
  void plan_schedule(const std::vector<int>& choices);

  // Where the session stands, as the link carries it.
  SchedulePosition position() const;
  std::size_t requests() const { return taken_.size(); }  // requests performed so far
  std::size_t moves() const { return moves_.size(); }
  std::size_t planned() const { return plan_.size(); }  // requests the plan has in store

 private:
  struct Taken {
    int worker;
    bool choice;  // another worker could have gone instead
  };

  // replay(), or with `exactly` false a schedule's choices and then the moves of fewest
  // switches, as far as `position.after` goes.
  std::string follow(const SchedulePosition& position, bool exactly);
  void rebuild(std::size_t keep);  // a fresh run replaying the first `keep` requests
  bool take(int worker);
  void refresh();  // ready_, and the lines workers are at
  // The line the worker's pending request belongs to, searching on from `from`.
  int find_line(int worker, int from) const;
  std::string describe(const Op& op) const;
  std::string worker_name_of(int worker) const;

  RunConfig config_;
  std::unique_ptr<DeterministicRun> run_;
  std::uint64_t generation_ = 0;
  std::vector<std::vector<CodeLine>> code_;
  std::vector<bool> generated_;  // per worker: code_ made here from step labels, line by line
  std::vector<Taken> taken_;
  std::vector<std::size_t> moves_;  // requests per move, for Undo
  std::vector<int> plan_;           // requests to come, by worker
  std::vector<int> ready_;
  std::vector<int> line_;                        // per worker
  std::vector<std::int64_t> reached_;            // per worker: requests_reached() at line_
  std::vector<std::string> last_;                // per worker
  std::vector<std::vector<std::string>> parts_;  // per worker, on its line
};

}  // namespace racelab
