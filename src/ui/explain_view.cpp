#include <imgui.h>

#include "core/explain.hpp"
#include "ui/views.hpp"

namespace racelab::ui {

void draw_explain(const Summary& summary) {
  const auto explanation = explain_run(summary.config);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(explanation.what.c_str());
  ImGui::TextUnformatted(explanation.why.c_str());
  ImGui::TextDisabled("%s", explanation.engine.c_str());
  ImGui::PopTextWrapPos();

  ImGui::Spacing();
  ImGui::TextUnformatted("The last run:");
  ImGui::SameLine();
  if (summary.finished || summary.stopped) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(summary.verdict.c_str());
    ImGui::PopTextWrapPos();
  } else if (summary.config.engine == EngineKind::Step) {
    ImGui::TextDisabled("under way: you are scheduling it.");
  } else {
    ImGui::TextDisabled("not made yet: press Run to see what this configuration does.");
  }
}

}  // namespace racelab::ui
