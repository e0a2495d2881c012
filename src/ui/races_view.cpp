// The security camera's reports: one line per race, and the selected one in full, in the layout
// of Go's race reports. Selecting a race highlights both workers on the floor and, where the
// view can show it, the field in the resource.

#include <imgui.h>

#include <cstdio>
#include <string>

#include "ui/views.hpp"

namespace racelab::ui {

namespace {

std::string side_text(const nlohmann::json& access, const std::string& resource,
                      const char* prefix) {
  char time[32];
  std::snprintf(time, sizeof time, "%.3f ms", access["time_ms"].get<double>());
  auto kind = access["access"].get<std::string>();
  if (*prefix == '\0' && !kind.empty()) kind[0] = static_cast<char>(kind[0] - 'a' + 'A');
  return std::string(prefix) + kind + " of " + resource + " by " +
         access["worker"].get<std::string>() + ": step " +
         std::to_string(access["step"].get<int>()) + " (" +
         access["step_label"].get<std::string>() + ") at " + time;
}

}  // namespace

RaceHighlight draw_races(const Summary& summary, int& selected) {
  RaceHighlight highlight;
  if (!summary.finished && !summary.stopped) {
    ImGui::TextDisabled("The camera's footage is looked at when the run is over.");
    return highlight;
  }
  const auto& races = summary.races;
  if (races.empty()) {
    ImGui::TextDisabled(summary.metrics.value("races_analysed", true)
                            ? "The camera saw no two accesses that nothing ordered."
                            : "Not analysed: too many workers for the camera's vector clocks.");
    return highlight;
  }

  if (selected >= static_cast<int>(races.size())) selected = -1;
  for (int index = 0; index < static_cast<int>(races.size()) && index < 20; ++index) {
    const auto& race = races[index];
    const auto line =
        race["kind"].get<std::string>() + " on " + race["resource"].get<std::string>() + ": " +
        race["current"]["worker"].get<std::string>() + " and " +
        race["previous"]["worker"].get<std::string>() +
        (race["count"].get<int>() > 1 ? " (x" + std::to_string(race["count"].get<int>()) + ")"
                                      : "") +
        "##race" + std::to_string(index);
    if (ImGui::Selectable(line.c_str(), selected == index))
      selected = selected == index ? -1 : index;
  }
  if (races.size() > 20) ImGui::TextDisabled("and %zu more", races.size() - 20);

  if (selected < 0) return highlight;
  const auto& race = races[selected];
  const auto resource = race["resource"].get<std::string>();
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.16f, 0.12f, 0.12f, 1.0f));
  ImGui::BeginChild("race", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.5f, 1.0f), "WARNING: DATA RACE (%s)",
                     race["kind"].get<std::string>().c_str());
  ImGui::TextUnformatted(side_text(race["current"], resource, "").c_str());
  ImGui::TextUnformatted(side_text(race["previous"], resource, "Previous ").c_str());
  ImGui::Spacing();
  ImGui::TextUnformatted(race["explanation"].get<std::string>().c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
  ImGui::PopStyleColor();

  highlight.active = true;
  highlight.field = race["field"].get<int>();
  highlight.workers = {race["current"]["worker"].get<std::string>(),
                       race["previous"]["worker"].get<std::string>()};
  return highlight;
}

}  // namespace racelab::ui
