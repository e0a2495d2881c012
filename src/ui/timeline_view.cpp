// The Timeline panel: lanes of slices drawn by the GPU (the renderer), with the names, the time
// axis, the cursor and the hover text drawn by ImGui around them.

#include "ui/timeline_view.hpp"

#include <imgui_internal.h>  // SetItemKeyOwner: the wheel belongs to the timeline

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/names.hpp"

namespace racelab::ui {

namespace {

// Up to this many lanes keep their full height; more share a taller panel with shorter lanes.
constexpr int kLanesAtFullHeight = 16;
constexpr float kFullLaneHeight = 1.3f;   // in font sizes
constexpr float kLeastLaneHeight = 0.8f;  // names drawn a little smaller still read there
constexpr float kMostLanesShare = 0.6f;   // of the display's height, at most, for the lanes
// A live trace is rebuilt every few frames, and only while that stays cheap.
constexpr int kFramesBetweenLiveBuilds = 6;

constexpr ImU32 kPalette[kSliceKinds] = {
    IM_COL32(70, 130, 200, 255),   // running
    IM_COL32(220, 160, 40, 255),   // waiting
    IM_COL32(40, 170, 150, 255),   // holding alone
    IM_COL32(130, 200, 120, 255),  // holding to read
    IM_COL32(150, 100, 200, 255),  // thinking
    IM_COL32(90, 110, 140, 255),   // seated at a desk
    IM_COL32(255, 210, 60, 255),   // a race
    IM_COL32(235, 45, 45, 255),    // a violation
};
constexpr const char* kKindNames[kSliceKinds] = {"running a step",
                                                 "waiting for the lock",
                                                 "holding the lock",
                                                 "holding the lock to read",
                                                 "thinking",
                                                 "seated",
                                                 "a race the camera caught",
                                                 "the invariant broke"};

std::string time_text(double us) {
  char text[32];
  if (std::abs(us) >= 1000.0) {
    std::snprintf(text, sizeof text, "%.3f ms", us / 1000.0);
  } else {
    std::snprintf(text, sizeof text, "%.3f us", us);
  }
  return text;
}

// A round step for the axis: 1, 2 or 5 times a power of ten, about `target` long.
double tick_step(double target) {
  const double power = std::pow(10.0, std::floor(std::log10(std::max(target, 1e-9))));
  for (double factor : {1.0, 2.0, 5.0}) {
    if (power * factor >= target) return power * factor;
  }
  return power * 10.0;
}

struct LaneLayout {
  float height = 0;
  int shown = 0;  // lanes in view at once; the rest scroll
};

// How tall a lane is and how many are in view: more lanes than kLanesAtFullHeight grow the panel
// up to kMostLanesShare of the display and shrink, down to the least readable height.
LaneLayout lane_layout(int lanes, float font, float display_height) {
  const float full = std::round(kFullLaneHeight * font);
  if (lanes <= kLanesAtFullHeight) return {full, lanes};
  const float least = std::round(kLeastLaneHeight * font);
  const float most = std::max(kLanesAtFullHeight * full, kMostLanesShare * display_height);
  const float height = std::clamp(std::floor(most / static_cast<float>(lanes)), least, full);
  return {height, std::min(lanes, static_cast<int>(most / height))};
}

// Text that goes on this line if it fits, else on the next, wrapped at words if still too wide.
void hint(const char* text) {
  const float width = ImGui::CalcTextSize(text).x;
  ImGui::SameLine(0, 0.6f * ImGui::GetFontSize());
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", text);
  ImGui::PopTextWrapPos();
}

void draw_legend() {
  const float font = ImGui::GetFontSize();
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  bool first = true;
  for (int kind : {0, 1, 2, 3, 4, 6, 7}) {
    // The next entry goes on a new line when it would not fit on this one.
    const float entry = 1.3f * font + ImGui::CalcTextSize(kKindNames[kind]).x;
    if (!first) {
      ImGui::SameLine(0, 0.9f * font);
      if (ImGui::GetContentRegionAvail().x < entry) ImGui::NewLine();
    }
    first = false;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    draw.AddRectFilled(ImVec2(at.x, at.y + font * 0.25f), ImVec2(at.x + font, at.y + font * 0.85f),
                       kPalette[kind], 2.0f);
    ImGui::Dummy(ImVec2(font, font));
    ImGui::SameLine(0, 0.3f * font);
    ImGui::TextDisabled("%s", kKindNames[kind]);
  }
}

}  // namespace

const ImU32* timeline_palette() {
  return kPalette;
}

void DrawListTimelineRenderer::draw(ImDrawList& list, const TimelineFrame& frame) {
  // The shader's geometry (shaders/timeline.vert), on the CPU.
  const double span = std::max(frame.view_end_us - frame.view_start_us, 1e-6);
  const double per_us = (frame.max.x - frame.min.x) / span;
  const float height = frame.lane_height;
  const float last_lane = frame.first_lane + (frame.max.y - frame.min.y) / height;
  for (const auto& slice : slices_) {
    if (slice.lane + 1 <= frame.first_lane || slice.lane >= last_lane) continue;
    const int kind = static_cast<int>(slice.kind + 0.5f);
    float x0 = frame.min.x + static_cast<float>((slice.start_us - frame.view_start_us) * per_us);
    float x1 = frame.min.x + static_cast<float>((slice.end_us - frame.view_start_us) * per_us);
    const float half_diamond = 0.45f * height;
    if (x1 < frame.min.x - half_diamond || x0 > frame.max.x + half_diamond) continue;
    x1 = std::max(x1, x0 + (kind == 6 ? 2.0f : 1.0f));
    if (kind == 6) x0 -= 1.0f;
    float top = 0.12f, bottom = 0.88f;
    if (kind == 1 || kind == 4) top = 0.30f, bottom = 0.70f;
    if (kind == 2 || kind == 3) top = 0.55f, bottom = 0.88f;
    if (kind == 6) top = 0.0f, bottom = 1.0f;
    if (kind == 7) top = 0.05f, bottom = 0.95f;
    const float y = frame.min.y + (slice.lane - frame.first_lane) * height;
    const ImU32 colour = kPalette[std::clamp(kind, 0, kSliceKinds - 1)];
    if (kind == 7) {
      const float middle = (top + bottom) / 2 * height;
      list.AddQuadFilled(ImVec2(x0, y + top * height), ImVec2(x0 + half_diamond, y + middle),
                         ImVec2(x0, y + bottom * height), ImVec2(x0 - half_diamond, y + middle),
                         colour);
    } else {
      list.AddRectFilled(ImVec2(x0, y + top * height), ImVec2(x1, y + bottom * height), colour);
    }
  }
}

void TimelineView::fit() {
  view_start_ = 0;
  view_end_ = std::max(timeline_.end_us, 1e-3);
  followed_ = true;
}

void TimelineView::zoom(double about_us, double factor) {
  const double span = std::max(view_end_ - view_start_, 1e-6);
  const double zoomed = std::clamp(span * factor, 1e-3, std::max(timeline_.end_us, 1.0) * 4);
  view_start_ = about_us - (about_us - view_start_) * zoomed / span;
  view_end_ = view_start_ + zoomed;
  followed_ = false;
}

void TimelineView::rebuild(const Run& run, std::uint64_t serial, TimelineRenderer* renderer) {
  const bool finished = run.finished();
  if (finished) {
    const Trace trace = run.trace();  // the threads engine merges its desks' traces: once
    timeline_ = build_timeline(trace, run.total_workers(), run.desks(), run.lock_kinds(),
                               run.races(), run.scenario().violation_marks(trace));
  } else {
    const Trace& trace = *run.live_trace();
    timeline_ = build_timeline(trace, run.total_workers(), run.desks(), run.lock_kinds(), {},
                               run.scenario().violation_marks(trace));
  }
  if (serial != built_serial_) first_lane_ = 0;
  if (serial != built_serial_ || followed_) fit();
  built_serial_ = serial;
  built_final_ = finished;
  frames_since_build_ = 0;
  if (renderer) renderer->upload(timeline_.slices);
  uploaded_to_ = renderer;
}

void TimelineView::draw(const Run* run, std::uint64_t serial, TimelineRenderer* renderer) {
  probe_.clear();
  zoom_in_rect_.clear();
  if (!run) {
    ImGui::TextDisabled("Press Run: each worker's time appears here, lane by lane.");
    return;
  }
  const Trace* live = run->live_trace();
  if (!run->finished() && !live) {
    ImGui::TextDisabled("On real threads the timeline is drawn when the run is over.");
    return;
  }
  ++frames_since_build_;
  const bool stale = serial != built_serial_ || (run->finished() && !built_final_) ||
                     (!run->finished() && frames_since_build_ >= kFramesBetweenLiveBuilds &&
                      live->size() <= Run::kMostLiveEvents &&
                      static_cast<std::int64_t>(live->size()) != timeline_.events);
  if (stale) rebuild(*run, serial, renderer);
  if (renderer && renderer != uploaded_to_) {
    renderer->upload(timeline_.slices);
    uploaded_to_ = renderer;
  }
  if (!renderer) {
    ImGui::TextDisabled("This page cannot draw the timeline (no WebGL2 shaders).");
    return;
  }

  const float font = ImGui::GetFontSize();
  const int lanes = timeline_.lanes();
  const auto [lane_height, shown] = lane_layout(lanes, font, ImGui::GetIO().DisplaySize.y);
  first_lane_ = std::clamp(first_lane_, 0.0f, static_cast<float>(lanes - shown));

  if (ImGui::SmallButton("Fit all")) fit();
  // Fingers have no wheel: buttons zoom about the middle.
  if (touch_screen_) {
    ImGui::SameLine();
    if (ImGui::SmallButton(" + ")) zoom((view_start_ + view_end_) / 2, 0.5);
    const ImVec2 at = ImGui::GetItemRectMin();
    const ImVec2 size = ImGui::GetItemRectSize();
    zoom_in_rect_ = {at.x, at.y, size.x, size.y};
    ImGui::SameLine();
    if (ImGui::SmallButton(" - ")) zoom((view_start_ + view_end_) / 2, 2.0);
  }
  const std::string counts = std::to_string(timeline_.events) + " events; " +
                             time_text(view_end_ - view_start_) + " shown.";
  hint(counts.c_str());
  const bool more_lanes = shown < lanes;
  if (touch_screen_) {
    hint(more_lanes ? "+ and -: zoom; drag sideways: pan; hold, then drag: more lanes."
                    : "+ and -: zoom; drag sideways: pan.");
  } else {
    hint(more_lanes ? "Wheel: zoom, over the names: scroll the lanes; drag: pan."
                    : "Wheel: zoom; drag: pan.");
  }
  draw_legend();

  const float names_width = 7.0f * font;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, names_width + 4 * font);
  const ImVec2 size(width, shown * lane_height + 1.6f * font);
  ImGui::InvisibleButton("##timeline", size);
  const bool hovered = ImGui::IsItemHovered();
  // The wheel zooms the timeline; it must not scroll the page under it as well.
  if (hovered) ImGui::SetItemKeyOwner(ImGuiKey_MouseWheelY);
  const ImVec2 min(origin.x + names_width, origin.y);
  const ImVec2 max(origin.x + width, origin.y + shown * lane_height);
  const float slices_width = max.x - min.x;

  // Zoom about the pointer, pan by dragging (time across, lanes up and down).
  ImGuiIO& io = ImGui::GetIO();
  const double span = std::max(view_end_ - view_start_, 1e-6);
  if (hovered && io.MouseWheel != 0.0f && more_lanes && io.MousePos.x < min.x) {
    first_lane_ =
        std::clamp(first_lane_ - 3 * io.MouseWheel, 0.0f, static_cast<float>(lanes - shown));
  } else if (hovered && io.MouseWheel != 0.0f) {
    zoom(view_start_ + (io.MousePos.x - min.x) / slices_width * span, std::pow(0.8, io.MouseWheel));
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
    const double shift = -io.MouseDelta.x / slices_width * (view_end_ - view_start_);
    view_start_ += shift;
    view_end_ += shift;
    first_lane_ = std::clamp(first_lane_ - io.MouseDelta.y / lane_height, 0.0f,
                             static_cast<float>(lanes - shown));
    if (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f) followed_ = false;
  }

  ImDrawList& draw = *ImGui::GetWindowDrawList();
  // The lanes' stripes and names, clipped to the lanes: a lane scrolled partly in stops at the
  // time axis below.
  draw.PushClipRect(ImVec2(origin.x, min.y), max, true);
  const float name_size = std::min(font, lane_height - 1.0f);
  const int top = static_cast<int>(first_lane_);
  for (int row = 0; row <= shown && top + row < lanes; ++row) {
    const int lane = top + row;
    const float y = min.y + (lane - first_lane_) * lane_height;
    if (lane % 2 == 0) {
      draw.AddRectFilled(ImVec2(origin.x, y), ImVec2(max.x, y + lane_height),
                         IM_COL32(255, 255, 255, 10));
    }
    const std::string name = lane < timeline_.desk_lanes ? "desk " + std::to_string(lane + 1)
                                                         : worker_name(lane - timeline_.desk_lanes);
    draw.AddText(ImGui::GetFont(), name_size,
                 ImVec2(origin.x + 0.3f * font, y + (lane_height - name_size) / 2),
                 IM_COL32(170, 175, 185, 255), name.c_str());
  }
  draw.PopClipRect();

  // The slices themselves: the GPU, inside the lanes' rectangle.
  draw.PushClipRect(min, max, true);
  TimelineFrame frame;
  frame.view_start_us = view_start_;
  frame.view_end_us = view_end_;
  frame.min = min;
  frame.max = max;
  frame.first_lane = first_lane_;
  frame.lane_height = lane_height;
  renderer->draw(draw, frame);
  // The run's "now", live.
  if (!run->finished()) {
    const float x =
        min.x + static_cast<float>((timeline_.end_us - view_start_) / span) * slices_width;
    draw.AddLine(ImVec2(x, min.y), ImVec2(x, max.y), IM_COL32(255, 255, 255, 200), 1.5f);
  }
  draw.PopClipRect();

  // The time axis.
  const double step =
      tick_step((view_end_ - view_start_) / std::max(1.0f, slices_width / (7 * font)));
  for (double t = std::ceil(view_start_ / step) * step; t <= view_end_; t += step) {
    const float x = min.x + static_cast<float>((t - view_start_) / span) * slices_width;
    draw.AddLine(ImVec2(x, max.y), ImVec2(x, max.y + 0.3f * font), IM_COL32(150, 150, 160, 255));
    draw.AddText(ImVec2(x + 2, max.y + 0.2f * font), IM_COL32(150, 150, 160, 255),
                 time_text(t).c_str());
  }

  // The cursor and what lies under it.
  if (hovered && io.MousePos.x >= min.x && io.MousePos.y < max.y) {
    const double at = view_start_ + (io.MousePos.x - min.x) / slices_width * span;
    draw.AddLine(ImVec2(io.MousePos.x, min.y), ImVec2(io.MousePos.x, max.y),
                 IM_COL32(255, 255, 255, 90));
    const int lane = static_cast<int>(first_lane_ + (io.MousePos.y - min.y) / lane_height);
    std::string text = time_text(at);
    if (lane >= 0 && lane < lanes) {
      const double slack = span / slices_width * 2;  // two pixels either side
      const TimelineSlice* found = nullptr;
      for (auto i = timeline_.lane_begin[lane]; i < timeline_.lane_begin[lane + 1]; ++i) {
        const auto& slice = timeline_.slices[i];
        if (slice.start_us - slack <= at && at <= slice.end_us + slack) found = &slice;
      }
      const std::string who = lane < timeline_.desk_lanes
                                  ? "desk " + std::to_string(lane + 1)
                                  : worker_name(lane - timeline_.desk_lanes);
      text = who + " at " + text;
      // A violation's diamond is wider than its instant: look a lane height around it.
      const double diamond = span / slices_width * lane_height * 0.5;
      const ViolationMark* broke = violation_near(timeline_, lane, at, diamond);
      if (broke) {
        // Every violation of that moment on this lane: an overdraft is often a lost update too.
        const int worker = lane - timeline_.desk_lanes;
        for (const auto& mark : timeline_.violations) {
          if (mark.time_ns != broke->time_ns || (mark.worker != worker && mark.other != worker))
            continue;
          text += "\n" + mark.kind + ": " + mark.detail;
        }
        text += "\nat " + time_text(static_cast<double>(broke->time_ns) / 1000.0);
      } else if (found) {
        const auto kind = static_cast<int>(found->kind);
        text += "\n" + std::string(kKindNames[kind]) + ", " + time_text(found->start_us) + " to " +
                time_text(found->end_us);
      }
    }
    ImGui::SetTooltip("%s", text.c_str());
  }
  probe_ = {min.x,
            min.y,
            max.x - min.x,
            max.y - min.y,
            view_start_,
            view_end_,
            first_lane_,
            lane_height,
            static_cast<double>(lanes),
            static_cast<double>(timeline_.desk_lanes),
            static_cast<double>(timeline_.events),
            static_cast<double>(timeline_.slices.size())};
}

}  // namespace racelab::ui
