#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/desk_pool.hpp"
#include "core/run.hpp"
#include "core/summary.hpp"
#include "ui/views.hpp"

namespace racelab::ui {

// The page's state and the commands that change it. The bridge (window.racelab) and the ImGui
// controls both go through these commands; the views only read. Everything here runs on the UI
// thread, which never blocks: threaded runs are polled, deterministic ones advanced a slice per
// frame.
class App {
 public:
  explicit App(int desk_threads);

  // Reads a link's hash; what it cannot use keeps its default and becomes a visible message.
  // Ignored while a run is going (the page says so). Returns the problems found.
  std::vector<std::string> load(std::string_view hash);

  // Starts a run with the current settings; false when one is already going.
  bool run();

  // Stops any run and clears the resource.
  void reset();

  // True while a run goes, or waits to start once the one being stopped has ended.
  bool running() const;

  // The state() of the page: the summary of the current or last run, or of the untouched resource.
  std::string state_json() const;

  // What the page shows about the last link: one sentence per problem.
  const std::vector<std::string>& problems() const { return problems_; }

  // Picks a race in the Races panel, as a click would (-1: none). Returns whether it exists.
  bool select_race(int index);

  // The readable hash of the current settings.
  std::string link() const { return to_link(config_); }

  // Advances a deterministic run by a slice and draws every view for this frame.
  void draw_frame();

 private:
  void poll();
  Summary current_summary() const;
  void draw_problems();
  void draw_status();
  void draw_controls();

  RunConfig config_;
  DeskPool desks_;
  std::unique_ptr<Run> run_;
  bool discard_when_done_ = false;   // reset() asked while the run was still going
  bool start_when_stopped_ = false;  // run() asked while a stopped run was winding down
  std::string problems_heading_;
  int selected_race_ = -1;
  RaceHighlight highlight_;
  std::vector<std::string> problems_;
};

}  // namespace racelab::ui
