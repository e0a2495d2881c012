#include "ui/calendar_view.hpp"

#include <imgui.h>

#include <string>

#include "core/names.hpp"

namespace racelab::ui {

namespace {

constexpr ImU32 kSlotFree = IM_COL32(46, 52, 64, 255);
constexpr ImU32 kSlotBooked = IM_COL32(40, 110, 70, 255);
constexpr ImU32 kSlotDoubleBooked = IM_COL32(200, 40, 40, 255);
constexpr ImU32 kNameChip = IM_COL32(245, 245, 240, 255);
constexpr ImU32 kNameText = IM_COL32(20, 20, 24, 255);
constexpr ImU32 kLabelText = IM_COL32(220, 220, 220, 255);

ImU32 activity_colour(Activity activity) {
  switch (activity) {
    case Activity::Arriving: return IM_COL32(90, 90, 100, 255);
    case Activity::Queueing: return IM_COL32(200, 150, 40, 255);
    case Activity::Reading: return IM_COL32(70, 130, 200, 255);
    case Activity::Thinking: return IM_COL32(150, 100, 200, 255);
    case Activity::Writing: return IM_COL32(230, 230, 230, 255);
    case Activity::Booked: return IM_COL32(40, 150, 90, 255);
    case Activity::LeftEmpty: return IM_COL32(70, 70, 70, 255);
  }
  return IM_COL32(90, 90, 100, 255);
}

// One slot row: the time, then a band with a chip per name, red when it holds more than one.
void draw_slot(ImDrawList& draw, ImVec2 origin, float width, float height, int slot,
               const std::vector<int>& names) {
  const float font = ImGui::GetFontSize();
  const float label_width = 4.0f * font;
  const ImU32 fill = names.empty() ? kSlotFree : names.size() == 1 ? kSlotBooked : kSlotDoubleBooked;

  const auto label = slot_label(slot);
  draw.AddText(ImVec2(origin.x, origin.y + (height - font) / 2), kLabelText, label.c_str());
  const ImVec2 band_min(origin.x + label_width, origin.y);
  const ImVec2 band_max(origin.x + width, origin.y + height);
  draw.AddRectFilled(band_min, band_max, fill, 0.25f * font);

  float x = band_min.x + 0.4f * font;
  const float chip_height = height - 0.5f * font;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto name = worker_name(names[i]);
    const ImVec2 text_size = ImGui::CalcTextSize(name.c_str());
    const float chip_width = text_size.x + 0.9f * font;
    if (x + chip_width > band_max.x - 0.4f * font) {
      const auto more = "+" + std::to_string(names.size() - i);
      draw.AddText(ImVec2(x, origin.y + (height - font) / 2), kNameChip, more.c_str());
      break;
    }
    const ImVec2 chip_min(x, origin.y + (height - chip_height) / 2);
    draw.AddRectFilled(chip_min, ImVec2(x + chip_width, chip_min.y + chip_height), kNameChip,
                       chip_height / 2);
    draw.AddText(ImVec2(x + 0.45f * font, origin.y + (height - text_size.y) / 2), kNameText,
                 name.c_str());
    x += chip_width + 0.3f * font;
  }
  if (names.size() > 1) {
    const char* warning = "double booked";
    const ImVec2 size = ImGui::CalcTextSize(warning);
    draw.AddText(ImVec2(band_max.x - size.x - 0.5f * font, origin.y + (height - size.y) / 2),
                 kNameChip, warning);
  }
}

void draw_workers(const ThreadsRun& run, int workers) {
  ImGui::TextDisabled("Workers");
  const float font = ImGui::GetFontSize();
  const float dot = 0.9f * font;
  const float available = ImGui::GetContentRegionAvail().x;
  const int per_row = std::max(1, static_cast<int>(available / (dot * 1.4f)));
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  for (int worker = 0; worker < workers; ++worker) {
    const ImVec2 centre(origin.x + (worker % per_row + 0.5f) * dot * 1.4f,
                        origin.y + (worker / per_row + 0.5f) * dot * 1.4f);
    const auto activity = run.activity(worker);
    draw.AddCircleFilled(centre, dot / 2, activity_colour(activity));
    const ImVec2 hover_min(centre.x - dot / 2, centre.y - dot / 2);
    if (ImGui::IsMouseHoveringRect(hover_min, ImVec2(hover_min.x + dot, hover_min.y + dot))) {
      ImGui::SetTooltip("%s: %s", worker_name(worker).c_str(), activity_name(activity));
    }
  }
  const int rows = (workers + per_row - 1) / per_row;
  ImGui::Dummy(ImVec2(available, rows * dot * 1.4f));

  // The legend, in the same colours.
  for (auto activity : {Activity::Queueing, Activity::Reading, Activity::Thinking,
                        Activity::Writing, Activity::Booked, Activity::LeftEmpty}) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    draw.AddCircleFilled(ImVec2(at.x + font * 0.4f, at.y + font * 0.55f), font * 0.35f,
                         activity_colour(activity));
    ImGui::Dummy(ImVec2(font, font));
    ImGui::SameLine(0, 0.2f * font);
    ImGui::TextDisabled("%s", activity_name(activity));
    ImGui::SameLine(0, 0.8f * font);
  }
  ImGui::NewLine();
}

}  // namespace

void draw_calendar(const CalendarPage& page, const ThreadsRun* run, int workers) {
  ImGui::TextDisabled("Calendar of the conference room");
  const float font = ImGui::GetFontSize();
  const float width = ImGui::GetContentRegionAvail().x;
  const float row_height = 1.9f * font;
  const float gap = 0.3f * font;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  for (int slot = 0; slot < kSlotCount; ++slot) {
    draw_slot(draw, ImVec2(origin.x, origin.y + slot * (row_height + gap)), width, row_height, slot,
              page[slot]);
  }
  ImGui::Dummy(ImVec2(width, kSlotCount * (row_height + gap)));
  ImGui::Spacing();
  if (run) draw_workers(*run, workers);
}

void draw_verdict(const Summary& summary) {
  const bool broken = !summary.violations.empty();
  const ImVec4 colour = broken             ? ImVec4(1.0f, 0.45f, 0.42f, 1.0f)
                        : summary.finished ? ImVec4(0.5f, 0.9f, 0.6f, 1.0f)
                                           : ImGui::GetStyle().Colors[ImGuiCol_Text];
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextWrapped("%s", summary.verdict.c_str());
  ImGui::PopStyleColor();
}

}  // namespace racelab::ui
