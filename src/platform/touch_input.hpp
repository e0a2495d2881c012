#pragma once

#include <cstdint>

struct ImGuiWindow;

namespace racelab::platform {

// Touch on a phone, turned into what ImGui understands. ImGui knows only a mouse, and SDL's own
// translation presses the button the moment a finger lands, so every swipe dragged the slider
// under it and nothing scrolled. Here a finger's gesture is decided before anything is pressed:
//
// - a tap (lifted before it moved a few pixels) is a click where it landed;
// - a mostly vertical swipe scrolls the window under it, following the finger, and keeps going
//   for a moment after a flick; nothing is pressed;
// - a mostly horizontal swipe drags what it started on (a slider, the timeline), as sliders
//   inside a scrolling page do on phones;
// - a finger held still for a moment, then moved, drags too, in any direction.
//
// Positions are in CSS pixels of the canvas, times in seconds on one clock (the events' own
// times, not when a frame got to them). Only the first finger counts; others are ignored (the
// page does not zoom). Call from the main loop, before ImGui's NewFrame.
class TouchInput {
 public:
  void finger_down(std::int64_t finger, float x, float y, double now);
  void finger_move(std::int64_t finger, float x, float y, double now);
  void finger_up(std::int64_t finger, float x, float y, double now);

  // Starts a drag once a finger was held long enough, and applies the scroll owed this frame.
  void before_frame(double now);

 private:
  enum class Gesture { None, Undecided, Scrolling, Dragging };

  void start_drag(float x, float y);
  void move_pointer_away();
  // Scrolls the window under the finger (or the nearest one that can scroll) by `pixels`;
  // what it cannot take goes to the window around it.
  void scroll_by(float pixels);

  Gesture gesture_ = Gesture::None;
  std::int64_t finger_ = 0;
  float start_x_ = 0, start_y_ = 0;  // where the finger landed
  float last_y_ = 0;
  double start_time_ = 0, last_time_ = 0;
  int frames_held_ = 0;            // frames drawn since the finger landed
  float owed_ = 0;                 // scroll in pixels not applied yet (positive: content moves up)
  float velocity_ = 0;             // of the finger while scrolling, pixels per second (smoothed)
  float fling_ = 0;                // of the content after a flick, pixels per second
  double fling_time_ = 0;          // when the fling last moved
  ImGuiWindow* target_ = nullptr;  // the window being scrolled, chosen at the first scroll
};

}  // namespace racelab::platform
