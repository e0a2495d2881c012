#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/desk_pool.hpp"
#include "core/run.hpp"
#include "core/summary.hpp"
#include "ui/step_panel.hpp"
#include "ui/sweep_panel.hpp"
#include "ui/timeline_view.hpp"
#include "ui/views.hpp"

namespace racelab::ui {

// The page's state and the commands that change it. The bridge (window.racelab) and the ImGui
// controls both go through these commands; the views only read. Everything here runs on the UI
// thread, which never blocks: threaded runs are polled, deterministic ones advanced a slice per
// frame.
class App {
 public:
  // The full page, or the compact one for a frame in somebody's article (embed.html).
  enum class Layout { Full, Embed };
  // What Share and Embed hand to the page: the kind, the current hash, the scenario's title.
  enum class ShareKind { Link, Embed };
  using ShareHandler =
      std::function<void(ShareKind kind, const std::string& hash, const std::string& title)>;

  // With no desk threads (a page that cannot be cross-origin isolated) only the deterministic
  // engine runs, and the page says why.
  App(int desk_threads, Layout layout);

  void set_share_handler(ShareHandler handler) { share_ = std::move(handler); }
  // Hands a file to the visitor: its name and its text.
  using DownloadHandler = std::function<void(const std::string& name, const std::string& text)>;
  void set_download_handler(DownloadHandler handler) { download_ = std::move(handler); }
  // The GPU side of the Timeline panel (the platform's); without one the panel says so.
  void set_timeline_renderer(TimelineRenderer* renderer) { timeline_renderer_ = renderer; }
  // Whether the page is on a touch screen (the timeline then says how fingers move it).
  void set_touch_screen(bool touch) { timeline_.set_touch_screen(touch); }

  // The finished run as Chrome Trace Event JSON (Perfetto opens it); empty before the end.
  std::string trace_json() const;
  // The page reports what became of a Share or Embed press: copied or not, and the text.
  void share_done(bool copied, std::string text);

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

  // The readable hash of the current settings, the run's and the page's (with the step
  // engine's position).
  std::string link() const;
  // Whether the link carries the step engine's position (a very long one it cannot).
  bool schedule_in_link() const;

  // How many links have been applied: a new count means the hash changed because of a link,
  // not because of a control (the page then rewrites its history entry instead of adding one).
  std::uint64_t links_applied() const { return links_applied_; }

  bool threads_available() const { return desks_.size() > 0; }
  // The settings a run gets: the link's, with the deterministic engine where threads are not
  // available (the link keeps its own engine, for the full page it leads to).
  RunConfig effective_config() const;

  // Where the named controls were drawn in the last frame ({name: [x, y, width, height]} in
  // screen pixels), so that tests can press them as a visitor would.
  std::string control_rects_json() const { return control_rects_.dump(); }

  // The Metrics panel's Mutex-against-RWMutex comparison: start(), cancel(), state().
  SweepPanel& sweep() { return sweep_; }
  // The step engine's moves and Explore; active() only while the engine is step.
  StepPanel& steps() { return step_; }
  bool step_mode() const { return effective_config().engine == EngineKind::Step; }

  // Advances a deterministic run by a slice (or, slowed down, by the steps `seconds` allow) and
  // draws every view for this frame.
  void draw_frame(double seconds);

 private:
  void poll(double seconds);
  Summary current_summary() const;
  const Run* live_run() const;
  // In step mode: the step panel's session made to fit the settings.
  void follow_steps();
  void draw_full();
  void draw_embed();
  void draw_title();
  void draw_problems();
  void draw_status(float width = -1.0f);      // ImGui widths: -1 fills the line
  void draw_picture(const Summary& summary);  // the run's status, verdict and resource
  void draw_panels(const Summary& summary);   // Explain, Floor, Timeline, Races, Metrics
  void draw_scenario_setting();
  void draw_settings(bool with_scenario);
  void draw_actions();  // the shared text, Run, Reset, Share, Embed
  float actions_height() const;
  float share_field_height() const;
  void draw_shared_text();
  void draw_compact_controls();
  void draw_run_buttons();
  void draw_share();
  void draw_threads_note();
  void note_control(const char* name);  // the last item's rect, under `name`
  bool panel_header(const std::string& title, Panel panel);

  RunConfig config_;
  PageSettings page_;
  Layout layout_;
  DeskPool desks_;
  ShareHandler share_;
  DownloadHandler download_;
  TimelineRenderer* timeline_renderer_ = nullptr;
  TimelineView timeline_;
  SweepPanel sweep_;              // on a thread of its own where the page has threads
  StepPanel step_;                // the step engine's session, while the engine is step
  std::uint64_t run_serial_ = 0;  // counts runs started, to tell them apart
  std::string share_text_;        // the last text Share or Embed produced
  std::string shared_link_;       // the settings it was for
  bool share_copied_ = false;
  mutable bool share_field_shown_ = false;  // this frame's, as actions_height() decided
  std::uint64_t links_applied_ = 0;
  double step_credit_ = 0.0;  // deterministic steps owed to a slowed-down run
  nlohmann::json control_rects_ = nlohmann::json::object();
  DrawnRects drawn_;  // what the views drew this frame, for control_rects_
  std::unique_ptr<Run> run_;
  bool discard_when_done_ = false;   // reset() asked while the run was still going
  bool start_when_stopped_ = false;  // run() asked while a stopped run was winding down
  std::string problems_heading_;
  int selected_race_ = -1;
  RaceHighlight highlight_;
  std::vector<std::string> problems_;
};

}  // namespace racelab::ui
