// The controls: scenario, workers, lock, engine, desks, think time and the scenario's own
// parameters, then Run and Reset. Every control edits the App's config; the link follows it.

#include <imgui.h>

#include <string>

#include "core/scenario.hpp"
#include "ui/app.hpp"

namespace racelab::ui {

namespace {

void label(const char* text) {
  ImGui::Spacing();
  ImGui::TextUnformatted(text);
}

void explain(std::string_view text) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%.*s", static_cast<int>(text.size()), text.data());
  ImGui::PopTextWrapPos();
}

void draw_scenario_picker(RunConfig& config) {
  const auto* current = find_scenario(config.scenario);
  const std::string preview(current->title);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##scenario", preview.c_str())) {
    for (const auto& spec : scenarios()) {
      const std::string title(spec.title);
      if (ImGui::Selectable(title.c_str(), &spec == current) && &spec != current) {
        const std::string name(spec.name);
        apply_setting(config, "scenario", name);
      }
    }
    ImGui::EndCombo();
  }
  explain(current->story);
}

void draw_lock_picker(RunConfig& config) {
  const auto* spec = find_scenario(config.scenario);
  int index = 0;
  for (auto kind : spec->locks) {
    const std::string name(lock_kind_name(kind));
    if (index++ % 3 != 0) ImGui::SameLine();
    if (ImGui::RadioButton(name.c_str(), config.lock == kind)) config.lock = kind;
  }
  explain(lock_story(config.lock));
}

void draw_engine_picker(RunConfig& config, int desk_threads) {
  if (ImGui::RadioButton("threads", config.engine == EngineKind::Threads)) {
    config.engine = EngineKind::Threads;
  }
  ImGui::SameLine();
  if (ImGui::RadioButton("deterministic", config.engine == EngineKind::Deterministic)) {
    config.engine = EngineKind::Deterministic;
  }
  if (config.engine == EngineKind::Threads) {
    explain("Workers run on real desk threads: races really happen, and differ run to run.");
    label("Desks");
    ImGui::SetNextItemWidth(-1);
    ImGui::SliderInt("##desks", &config.desks, 1, desk_threads, "%d desks (threads)",
                     ImGuiSliderFlags_AlwaysClamp);
  } else {
    explain(
        "One thread, a seeded scheduler, virtual time: the same seed replays the same "
        "interleaving exactly.");
    label("Seed");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputScalar("##seed", ImGuiDataType_U64, &config.seed);
  }
}

}  // namespace

void App::draw_controls() {
  const bool locked = running();
  ImGui::BeginDisabled(locked);

  label("Scenario");
  draw_scenario_picker(config_);

  label("Workers");
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderInt("##workers", &config_.workers, RunConfig::kMinWorkers, RunConfig::kMaxWorkers,
                   "%d workers", ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic);

  label("Lock");
  draw_lock_picker(config_);

  label("Engine");
  draw_engine_picker(config_, desks_.size());

  label("Think time");
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderInt("##think", &config_.think_ms, 0, RunConfig::kMaxThinkMs, "%d ms",
                   ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("How long a worker hesitates between looking and acting");
  }

  for (const auto& param : find_scenario(config_.scenario)->params) {
    const std::string text(param.label);
    label(text.c_str());
    const std::string id = "##" + std::string(param.key);
    ImGui::SetNextItemWidth(-1);
    ImGui::SliderInt(
        id.c_str(), &config_.params[std::string(param.key)], param.min, param.max, "%d",
        ImGuiSliderFlags_AlwaysClamp | (param.max > 100 ? ImGuiSliderFlags_Logarithmic : 0));
  }
  ImGui::EndDisabled();

  ImGui::Spacing();
  ImGui::Spacing();
  const float button_width =
      (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2.0f;
  ImGui::BeginDisabled(locked);
  if (ImGui::Button("Run", ImVec2(button_width, 0))) run();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(locked ? "Stop" : "Reset", ImVec2(button_width, 0))) reset();
}

}  // namespace racelab::ui
