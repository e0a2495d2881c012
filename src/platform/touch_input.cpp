#include "platform/touch_input.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace racelab::platform {

namespace {

constexpr float kSlopPixels = 10.0f;  // a finger wobbles this much on a tap
constexpr double kHoldSeconds = 0.4;  // held still this long, a finger drags,
// and over this many frames: a page slow to draw must not take a finger between two of its
// moves for a finger held still.
constexpr int kHoldFrames = 12;
constexpr float kFlingStart = 300.0f;  // pixels per second: a slower lift just stops
constexpr float kFlingStop = 40.0f;
constexpr float kFlingDecayPerSecond = 4.0f;

void pointer_at(float x, float y) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
  io.AddMousePosEvent(x, y);
}

void button(bool down) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, down);
}

// The window under the pointer, or the nearest window around it that has something to scroll.
ImGuiWindow* scrollable_under_pointer() {
  ImGuiWindow* window = ImGui::GetCurrentContext()->HoveredWindow;
  while (window && window->ScrollMax.y <= 0.0f && (window->Flags & ImGuiWindowFlags_ChildWindow)) {
    window = window->ParentWindow;
  }
  return window;
}

}  // namespace

void TouchInput::finger_down(std::int64_t finger, float x, float y, double now) {
  if (gesture_ != Gesture::None) return;  // a second finger
  gesture_ = Gesture::Undecided;
  finger_ = finger;
  start_x_ = x;
  start_y_ = y;
  last_y_ = y;
  start_time_ = now;
  last_time_ = now;
  frames_held_ = 0;
  owed_ = 0;
  velocity_ = 0;
  fling_ = 0;  // a finger on a flung page stops it
  target_ = nullptr;
  // Hover only: the window under the finger is known by the time the gesture is.
  pointer_at(x, y);
}

void TouchInput::finger_move(std::int64_t finger, float x, float y, double now) {
  if (gesture_ == Gesture::None || finger != finger_) return;
  if (gesture_ == Gesture::Undecided) {
    const float dx = x - start_x_;
    const float dy = y - start_y_;
    if (std::hypot(dx, dy) < kSlopPixels) return;
    if (std::fabs(dx) > std::fabs(dy)) {
      start_drag(x, y);
      return;
    }
    gesture_ = Gesture::Scrolling;
    last_y_ = start_y_;  // the content follows the finger from where it landed
  }
  if (gesture_ == Gesture::Dragging) {
    pointer_at(x, y);
    return;
  }
  // Scrolling: the content moves with the finger; the finger's speed decides a fling.
  owed_ += last_y_ - y;
  const double seconds = std::max(now - last_time_, 1e-3);
  const auto speed = static_cast<float>((last_y_ - y) / seconds);
  velocity_ = 0.6f * speed + 0.4f * velocity_;
  last_y_ = y;
  last_time_ = now;
}

void TouchInput::finger_up(std::int64_t finger, float x, float y, double now) {
  if (gesture_ == Gesture::None || finger != finger_) return;
  switch (gesture_) {
    case Gesture::Undecided:  // a tap: a click where the finger landed
      pointer_at(start_x_, start_y_);
      button(true);
      button(false);
      break;
    case Gesture::Dragging:
      pointer_at(x, y);
      button(false);
      break;
    case Gesture::Scrolling:
      // A finger that stopped before it lifted leaves the page where it is.
      if (now - last_time_ < 0.1 && std::fabs(velocity_) > kFlingStart) {
        fling_ = velocity_;
        fling_time_ = now;
      }
      break;
    case Gesture::None: break;
  }
  gesture_ = Gesture::None;
}

void TouchInput::start_drag(float x, float y) {
  gesture_ = Gesture::Dragging;
  // Pressed where the finger landed, then moved to where it is (ImGui takes them in turn).
  pointer_at(start_x_, start_y_);
  button(true);
  pointer_at(x, y);
}

void TouchInput::move_pointer_away() {
  // No hover while the page slides under the finger: no tooltips, no highlighted buttons.
  pointer_at(-FLT_MAX, -FLT_MAX);
}

void TouchInput::before_frame(double now) {
  if (gesture_ == Gesture::Undecided && ++frames_held_ >= kHoldFrames &&
      now - start_time_ >= kHoldSeconds) {
    start_drag(start_x_, start_y_);
  }
  if (gesture_ == Gesture::None && fling_ != 0.0f) {
    const auto seconds = static_cast<float>(now - fling_time_);
    fling_time_ = now;
    owed_ += fling_ * seconds;
    fling_ *= std::exp(-kFlingDecayPerSecond * seconds);
    if (std::fabs(fling_) < kFlingStop) fling_ = 0.0f;
  }
  if (owed_ == 0.0f) return;

  if (!target_) {
    // The window under the finger is known once ImGui has seen the pointer where it landed.
    const ImVec2 pointer = ImGui::GetIO().MousePos;
    if (pointer.x != start_x_ || pointer.y != start_y_) return;
    target_ = scrollable_under_pointer();
    move_pointer_away();
    if (!target_) {
      owed_ = 0.0f;
      return;
    }
  }
  scroll_by(owed_);
  owed_ = 0.0f;
}

void TouchInput::scroll_by(float pixels) {
  for (ImGuiWindow* window = target_; window && std::fabs(pixels) >= 0.5f;
       window = window->ParentWindow) {
    const float from = window->ScrollTarget.y < FLT_MAX ? window->ScrollTarget.y : window->Scroll.y;
    const float to = std::clamp(from + pixels, 0.0f, window->ScrollMax.y);
    if (to != from) ImGui::SetScrollY(window, to);
    pixels -= to - from;
    // A popup (the scenario list) scrolls alone; a child hands the rest to its parent.
    if (!(window->Flags & ImGuiWindowFlags_ChildWindow)) break;
  }
  if (std::fabs(pixels) >= 0.5f) fling_ = 0.0f;  // the end of the page stops a fling
}

}  // namespace racelab::platform
