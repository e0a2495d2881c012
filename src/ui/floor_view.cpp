// The coworking floor in brief: the desks with the worker seated at each, the line at the
// receptionist (writers and readers apart), and every worker's activity as a coloured figure;
// past a few hundred workers, counts per activity instead.

#include <imgui.h>

#include <array>
#include <string>
#include <vector>

#include "core/names.hpp"
#include "ui/views.hpp"

namespace racelab::ui {

namespace {

constexpr int kMostFigures = 512;

ImU32 activity_colour(Activity activity) {
  switch (activity) {
    case Activity::Ready: return IM_COL32(90, 90, 100, 255);
    case Activity::Running: return IM_COL32(70, 130, 200, 255);
    case Activity::Queueing: return IM_COL32(200, 150, 40, 255);
    case Activity::Thinking: return IM_COL32(150, 100, 200, 255);
    case Activity::Done: return IM_COL32(40, 150, 90, 255);
  }
  return IM_COL32(90, 90, 100, 255);
}

constexpr std::array kActivities = {Activity::Ready, Activity::Running, Activity::Queueing,
                                    Activity::Thinking, Activity::Done};

void draw_desks(const Run& run) {
  ImGui::TextDisabled("Desks");
  for (int desk = 0; desk < run.desks(); ++desk) {
    const int worker = run.seated(desk);
    if (desk > 0) ImGui::SameLine();
    const auto text = worker >= 0 ? worker_name(worker) : std::string("free");
    ImGui::BeginDisabled(worker < 0);
    ImGui::Button((text + "##desk" + std::to_string(desk)).c_str(),
                  ImVec2(7 * ImGui::GetFontSize(), 0));
    ImGui::EndDisabled();
  }
}

// Who queues at the receptionist, in the lines they stand in: for the lock (readers apart from
// writers, an RWMutex's two lines) and for a channel's owner.
void draw_queue(const Run& run, int workers) {
  constexpr std::size_t kNamed = 12;
  std::vector<int> lines[3];
  for (int worker = 0; worker < workers; ++worker) {
    if (run.activity(worker) == Activity::Queueing) {
      lines[static_cast<int>(run.waiting_for(worker))].push_back(worker);
    }
  }
  const bool readers_apart = !lines[static_cast<int>(Waiting::LockToRead)].empty();
  const char* titles[3] = {readers_apart ? "Waiting to write" : "Waiting for the lock",
                           "Waiting to read", "Waiting on a channel"};
  bool any = false;
  for (int line = 0; line < 3; ++line) {
    if (lines[line].empty()) continue;
    any = true;
    std::string names;
    for (std::size_t i = 0; i < lines[line].size() && i < kNamed; ++i)
      names += (i ? ", " : "") + worker_name(lines[line][i]);
    if (lines[line].size() > kNamed) {
      names += " and " + std::to_string(lines[line].size() - kNamed) + " more";
    }
    ImGui::PushStyleColor(ImGuiCol_Text, activity_colour(Activity::Queueing));
    ImGui::TextUnformatted(titles[line]);
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextDisabled("(%zu)", lines[line].size());
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(names.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!any) ImGui::TextDisabled("Nobody is waiting at the receptionist.");
}

void draw_figures(const Run& run, int workers, const RaceHighlight& highlight) {
  const float font = ImGui::GetFontSize();
  const float dot = 0.9f * font;
  const float pitch = dot * 1.4f;
  const float available = ImGui::GetContentRegionAvail().x;
  const int per_row = std::max(1, static_cast<int>(available / pitch));
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  for (int worker = 0; worker < workers; ++worker) {
    const ImVec2 centre(origin.x + (worker % per_row + 0.5f) * pitch,
                        origin.y + (worker / per_row + 0.5f) * pitch);
    const auto activity = run.activity(worker);
    draw.AddCircleFilled(centre, dot / 2, activity_colour(activity));
    if (highlight.active) {
      const auto name = worker_name(worker);
      for (const auto& raced : highlight.workers) {
        if (raced == name)
          draw.AddCircle(centre, dot * 0.75f, IM_COL32(255, 210, 60, 255), 0, 2.5f);
      }
    }
    const ImVec2 corner(centre.x - dot / 2, centre.y - dot / 2);
    if (ImGui::IsMouseHoveringRect(corner, ImVec2(corner.x + dot, corner.y + dot))) {
      ImGui::SetTooltip("%s: %s", worker_name(worker).c_str(), activity_name(activity));
    }
  }
  const int rows = (workers + per_row - 1) / per_row;
  ImGui::Dummy(ImVec2(available, rows * pitch));
}

void draw_counts(const Run& run, int workers) {
  std::array<int, kActivities.size()> counts{};
  for (int worker = 0; worker < workers; ++worker) {
    ++counts[static_cast<std::size_t>(run.activity(worker))];
  }
  for (std::size_t i = 0; i < kActivities.size(); ++i) {
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, activity_colour(kActivities[i]));
    char label[64];
    std::snprintf(label, sizeof label, "%d %s", counts[i], activity_name(kActivities[i]));
    ImGui::ProgressBar(static_cast<float>(counts[i]) / static_cast<float>(workers), ImVec2(-1, 0),
                       label);
    ImGui::PopStyleColor();
  }
}

void draw_legend() {
  const float font = ImGui::GetFontSize();
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  for (auto activity : kActivities) {
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

void draw_floor(const Run* run, const RunConfig& config, const RaceHighlight& highlight) {
  if (!run) return;
  draw_desks(*run);
  ImGui::Spacing();
  ImGui::TextDisabled("At the receptionist");
  draw_queue(*run, run->total_workers());
  ImGui::Spacing();
  ImGui::TextDisabled("Workers");
  if (config.workers <= kMostFigures) {
    draw_figures(*run, config.workers, highlight);
    draw_legend();
  } else {
    draw_counts(*run, config.workers);
  }
}

}  // namespace racelab::ui
