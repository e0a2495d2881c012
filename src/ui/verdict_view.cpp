#include <imgui.h>

#include "ui/views.hpp"

namespace racelab::ui {

void draw_verdict(const Summary& summary) {
  // Red: the data broke. Amber: the camera saw a race, but the data survived this time.
  const bool broken = !summary.violations.empty();
  const bool raced = !summary.races.empty();
  ImVec4 colour = ImGui::GetStyle().Colors[ImGuiCol_Text];
  if (broken) {
    colour = ImVec4(1.0f, 0.45f, 0.42f, 1.0f);
  } else if (raced) {
    colour = ImVec4(1.0f, 0.78f, 0.3f, 1.0f);
  } else if (summary.finished) {
    colour = ImVec4(0.5f, 0.9f, 0.6f, 1.0f);
  }
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextWrapped("%s", summary.verdict.c_str());
  ImGui::PopStyleColor();

  // The first few violations by name; the verdict already says how many there were.
  constexpr std::size_t kListed = 4;
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.6f, 0.55f, 1.0f));
  for (std::size_t i = 0; i < summary.violations.size() && i < kListed; ++i) {
    const auto& violation = summary.violations[i];
    ImGui::TextWrapped("  %s: %s", violation.kind.c_str(), violation.detail.c_str());
  }
  ImGui::PopStyleColor();
  if (summary.violations.size() > kListed) {
    ImGui::TextDisabled("  and %zu more", summary.violations.size() - kListed);
  }
}

}  // namespace racelab::ui
