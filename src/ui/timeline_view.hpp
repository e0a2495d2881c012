#pragma once

#include <imgui.h>

#include <cstdint>
#include <vector>

#include "core/run.hpp"
#include "core/timeline.hpp"

namespace racelab::ui {

// What the GPU draws for one frame of the timeline panel, in ImGui's display coordinates.
struct TimelineFrame {
  double view_start_us = 0;
  double view_end_us = 1;
  ImVec2 min;  // the slices' rectangle
  ImVec2 max;
  float first_lane = 0;  // the lane at the top (lanes scroll)
  float lane_height = 1;
};

// The colour of each SliceKind, shared by the legend and the shader.
const ImU32* timeline_palette();

// Draws the timeline's slices with the project's shaders (shaders/timeline.*): the platform layer
// implements it with WebGL2, so that the views stay free of GL.
class TimelineRenderer {
 public:
  virtual ~TimelineRenderer() = default;
  // The slices to draw from now on: called once per change of the timeline, not per frame.
  virtual void upload(const std::vector<TimelineSlice>& slices) = 0;
  // Queues the drawing of the uploaded slices into `list` at this point, clipped as it is.
  virtual void draw(ImDrawList& list, const TimelineFrame& frame) = 0;
};

// The same slices drawn through ImGui's draw list, a rectangle per visible slice, in the shapes
// and colours of the shaders: the baseline the timeline benchmark compares the GPU path with
// (bench/timeline_frames.mjs). Needs 32-bit draw indices past 16,384 slices on screen.
class DrawListTimelineRenderer final : public TimelineRenderer {
 public:
  void upload(const std::vector<TimelineSlice>& slices) override { slices_ = slices; }
  void draw(ImDrawList& list, const TimelineFrame& frame) override;

 private:
  std::vector<TimelineSlice> slices_;
};

// The Timeline panel: a lane per desk and per worker, zoomed with the wheel (on a touch screen
// with buttons), panned by dragging, fitted with a button; hovering names the slice under the
// pointer. Live while a run goes, on either engine (see Run::live_trace).
class TimelineView {
 public:
  // `serial` tells runs apart (a new run may reuse an old one's address).
  void draw(const Run* run, std::uint64_t serial, TimelineRenderer* renderer);

  // A touch screen has no wheel: the panel offers zoom buttons and says how fingers move it.
  void set_touch_screen(bool touch) { touch_screen_ = touch; }

  // The panel's slice rectangle and view in the last frame, for tests: {x, y, w, h, start_us,
  // end_us, first_lane, lane_height, lanes, desk lanes, events, slices}.
  std::vector<double> probe() const { return probe_; }
  // Where the zoom-in button of a touch screen was drawn: {x, y, w, h}; empty without one.
  std::vector<double> zoom_in_rect() const { return zoom_in_rect_; }

 private:
  void rebuild(const Run& run, std::uint64_t serial, TimelineRenderer* renderer);
  void fit();
  // Scales the view's span by `factor` about the time `about_us`, which stays where it is.
  void zoom(double about_us, double factor);

  Timeline timeline_;
  const TimelineRenderer* uploaded_to_ = nullptr;  // a renderer swapped in needs the slices
  std::uint64_t built_serial_ = 0;
  bool built_final_ = false;
  int frames_since_build_ = 0;
  double view_start_ = 0;
  double view_end_ = 1;
  float first_lane_ = 0;
  bool touch_screen_ = false;
  bool followed_ = true;  // the view follows the run's end until the visitor zooms or pans
  std::vector<double> probe_;
  std::vector<double> zoom_in_rect_;
};

}  // namespace racelab::ui
