#pragma once

#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/sweep.hpp"

#ifndef RACELAB_NO_THREADS
#include <thread>
#endif

namespace racelab::ui {

// The Mutex-against-RWMutex comparison of the Metrics panel: its button, progress bar, Cancel
// and chart, and the sweep behind them. UI thread only. With threads the sweep runs on a
// background thread that the UI thread polls (an atomic progress and a finished flag, never a
// wait); without them the UI thread advances it a slice per frame. Either way frames keep coming.
class SweepPanel {
 public:
  explicit SweepPanel(bool background);
  ~SweepPanel();

  SweepPanel(const SweepPanel&) = delete;
  SweepPanel& operator=(const SweepPanel&) = delete;

  // Starts a sweep; false while one is going or a cancelled one still winds down.
  bool start();
  void cancel();
  // True from start() until the sweep's thread (if any) has ended.
  bool running() const { return sweep_ != nullptr; }

  // Once per frame: advances the sweep a slice, or collects what the background thread finished.
  void poll();

  // {running, cancelled, progress, done, total, points}: the points of the last sweep that ran
  // to its end. A cancelled one adds none and takes none away: its own are dropped, and the
  // chart (and these points) stay those of the last whole sweep, or none.
  nlohmann::json state() const;

  // The button, then a progress bar and Cancel or the chart. Notes the rects of "sweep",
  // "sweep-cancel", "sweep-progress" and "sweep-chart" (the plot area) in `control_rects`.
  void draw(nlohmann::json& control_rects);

 private:
  void collect();
  void draw_chart(nlohmann::json& control_rects);
  void draw_reading() const;

  bool background_;
  std::unique_ptr<Sweep> sweep_;  // the one going, or winding down after Cancel
  bool cancel_asked_ = false;
  bool last_cancelled_ = false;
  double last_progress_ = 0.0;
  int last_done_ = 0;
  std::vector<SweepPoint> points_;  // of the last sweep that ran to its end
  SweepSettings settings_;          // theirs
  int shown_workers_ = 0;           // the chart's choice: 0 for every worker count
#ifndef RACELAB_NO_THREADS
  std::thread thread_;
  std::atomic<bool> thread_done_{false};
#endif
};

}  // namespace racelab::ui
