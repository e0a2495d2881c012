#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/explore.hpp"
#include "core/step_session.hpp"

namespace racelab::ui {

// The step engine's part of the page: every worker's program with the line it is at, the
// moves (a worker's next line, or with "one request at a time" its next request), Next, Undo
// and Restart, and Explore, which tries every interleaving within a preemption bound and can
// hand the shortest failing one to Next. UI thread only; the explorer advances a slice a frame.
class StepPanel {
 public:
  // Makes the session fit `config` (the step engine's): a fresh one when the settings changed.
  // Returns true when it started afresh.
  bool follow(const RunConfig& config);
  // Starts again and replays a link's position token; returns why it does not fit, or empty.
  std::string replay(const std::string& token);

  bool active() const { return session_ != nullptr; }
  StepSession& session() { return *session_; }
  const StepSession& session() const { return *session_; }
  // The position token of the session, as the link carries it; empty before the first move.
  const std::string& token() const;
  // Changes whenever the session's run is another one (a new session, Undo, Restart).
  std::uint64_t serial() const;

  // The moves, as the page's buttons and window.racelab make them. Each returns why it could
  // not be made, or empty.
  std::string go(int worker);
  std::string next();
  std::string undo();
  void restart();
  // Moves of fewest switches (the plan's first) until the run is over.
  void run_to_end();
  bool one_request_at_a_time() const { return expanded_; }
  void set_one_request_at_a_time(bool on) { expanded_ = on; }

  // Explore: starts (false while one goes), cancels, and hands the shortest failing schedule
  // found to Next (false when there is none).
  bool explore(int bound);
  void cancel_explore();
  bool step_through_shortest();
  // Once a frame: advances the explorer by a slice.
  void poll();

  // {requests, moves, planned, schedule, ready, finished, one_request_at_a_time, workers:
  // [{name, status, can_go, done, line, code, parts, next, last}], explore: {...}}.
  nlohmann::json state() const;

  // The panel in two parts, the run's picture between them: the status and the moves (notes
  // "step-next", "step-undo" and "step-expand" in `control_rects`), then every worker's
  // program and Explore ("step-worker-N", "explore", "explore-bound", "explore-cancel",
  // "explore-progress", "explore-replay").
  void draw_moves(nlohmann::json& control_rects);
  void draw_programs(nlohmann::json& control_rects);

 private:
  void draw_status_and_moves(nlohmann::json& control_rects);
  void draw_worker(int worker, float width, nlohmann::json& control_rects);
  void draw_explore(nlohmann::json& control_rects);
  nlohmann::json explore_state() const;

  RunConfig config_;  // the session's settings, the schedule left out
  std::unique_ptr<StepSession> session_;
  std::uint64_t sessions_ = 0;
  bool expanded_ = false;
  std::string message_;  // why the last move could not be made

  int bound_ = 2;
  std::unique_ptr<Explorer> explorer_;  // the one going, or the last one's result
  std::uint64_t explored_for_ = 0;      // the session it explored (sessions_)
  mutable std::string token_;           // token(), for the session as it stood at
  mutable std::size_t token_requests_ = 0;
  mutable std::uint64_t token_serial_ = 0;
};

}  // namespace racelab::ui
