// The controls: scenario, workers, lock, engine, desks, think time and the scenario's own
// parameters, then Run and Reset. Every control edits the App's config; the link follows it.

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
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

void draw_scenario_picker(RunConfig& config, bool with_story) {
  const auto* current = find_scenario(config.scenario);
  // A title too long for the box shows its first part ("Conference room"); the list below it
  // is as wide as the longest title (ImGui fits it), and the page's heading has it whole.
  const std::string title(current->title);
  std::string preview = title;
  const float room = ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() -
                     2 * ImGui::GetStyle().FramePadding.x;
  if (ImGui::CalcTextSize(title.c_str()).x > room) preview = title.substr(0, title.find(':'));
  ImGui::SetNextItemWidth(-1);
  const bool open = ImGui::BeginCombo("##scenario", preview.c_str());
  if (!open && preview != title && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", title.c_str());
  if (open) {
    for (const auto& spec : scenarios()) {
      const std::string title(spec.title);
      if (ImGui::Selectable(title.c_str(), &spec == current) && &spec != current) {
        const std::string name(spec.name);
        apply_setting(config, "scenario", name);
      }
    }
    ImGui::EndCombo();
  }
  if (with_story) explain(current->story);
}

void draw_lock_picker(RunConfig& config, bool with_story) {
  const auto* spec = find_scenario(config.scenario);
  const auto& style = ImGui::GetStyle();
  const float right_edge = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  bool first = true;
  for (auto kind : spec->locks) {
    const std::string name(lock_kind_name(kind));
    // As many on a line as fit.
    const float width =
        ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(name.c_str()).x;
    if (!first) {
      ImGui::SameLine();
      if (ImGui::GetCursorScreenPos().x + width > right_edge) ImGui::NewLine();
    }
    first = false;
    if (ImGui::RadioButton(name.c_str(), config.lock == kind)) config.lock = kind;
  }
  if (with_story) explain(lock_story(config.lock));
}

void draw_workers(RunConfig& config) {
  label("Workers");
  ImGui::SetNextItemWidth(-1);
  // The step engine shows every worker's program: a handful fit.
  const bool stepping = config.engine == EngineKind::Step;
  const int most = stepping ? RunConfig::kMaxStepWorkers : RunConfig::kMaxWorkers;
  ImGui::SliderInt("##workers", &config.workers, RunConfig::kMinWorkers, most,
                   config.workers == 1 ? "%d worker" : "%d workers",
                   ImGuiSliderFlags_AlwaysClamp |
                       (stepping ? ImGuiSliderFlags_None : ImGuiSliderFlags_Logarithmic));
}

void draw_speed(PageSettings& page) {
  label("Speed");
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderInt("##speed", &page.speed, 0, PageSettings::kMaxSpeed,
                   page.speed == 0   ? "full speed"
                   : page.speed == 1 ? "%d step per second"
                                     : "%d steps per second",
                   ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Slow the scheduler down to watch each step; 0 runs at full speed");
  }
}

// Digits only: a seed is a whole number of 0 or more, and what does not fit keeps the last one.
void draw_seed(RunConfig& config) {
  label("Seed");
  ImGui::SetNextItemWidth(-1);
  char text[24];
  std::snprintf(text, sizeof text, "%llu", static_cast<unsigned long long>(config.seed));
  const auto digits_only = [](ImGuiInputTextCallbackData* data) {
    return data->EventChar >= '0' && data->EventChar <= '9' ? 0 : 1;
  };
  if (ImGui::InputText("##seed", text, sizeof text, ImGuiInputTextFlags_CallbackCharFilter,
                       digits_only)) {
    apply_setting(config, "seed", text);
  }
}

}  // namespace

void App::draw_threads_note() {
  explain(
      "Real threads are not available here: this page is not cross-origin isolated (as inside "
      "an embed on another site), so the deterministic engine runs the workers.");
}

void App::draw_run_buttons() {
  const bool locked = running();
  const float button_width =
      (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2.0f;
  const bool stepping = step_mode();
  ImGui::BeginDisabled(locked || (stepping && live_run() && live_run()->finished()));
  if (ImGui::Button(stepping ? "Run to the end" : "Run", ImVec2(button_width, 0))) run();
  note_control("run");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(locked ? "Stop" : stepping ? "Restart" : "Reset", ImVec2(button_width, 0))) {
    reset();
  }
  note_control("reset");
}

void App::draw_share() {
  const float button_width =
      (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2.0f;
  const std::string title(find_scenario(config_.scenario)->title);
  if (ImGui::Button("Share link", ImVec2(button_width, 0)) && share_) {
    shared_link_ = link();
    share_(ShareKind::Link, shared_link_, title);
  }
  note_control("share");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(schedule_in_link()
                          ? "Copy a link to exactly these settings"
                          : "Copy a link to these settings; it opens at the first step, since "
                            "this schedule is too long for a link");
  }
  ImGui::SameLine();
  if (ImGui::Button("Embed", ImVec2(button_width, 0)) && share_) {
    shared_link_ = link();
    share_(ShareKind::Embed, shared_link_, title);
  }
  note_control("embed");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copy an iframe snippet for an article");
}

// What Share or Embed produced, above the buttons: the pinned area grows upwards from the
// bottom of the window, so the buttons stay where the finger left them. actions_height()
// decided this frame whether it is there, and counted it.
void App::draw_shared_text() {
  if (!share_field_shown_) return;
  // Settings changed since actions_height() leave the field's room empty this frame; either
  // way the buttons start exactly the room's (whole) height below.
  const float top = ImGui::GetCursorPosY();
  if (!share_text_.empty() && shared_link_ == link()) {
    // The text stays selectable, for when the clipboard refused it.
    ImGui::TextDisabled(share_copied_ ? "Copied to the clipboard:" : "Copy it from here:");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##shared", share_text_.data(), share_text_.size() + 1,
                     ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
    note_control("shared-text");
  }
  ImGui::SetCursorPosY(top + share_field_height());
}

void App::draw_scenario_setting() {
  ImGui::BeginDisabled(running());
  label("Scenario");
  draw_scenario_picker(config_, true);
  ImGui::EndDisabled();
}

void App::draw_settings(bool with_scenario) {
  if (with_scenario) draw_scenario_setting();
  const bool locked = running();
  ImGui::BeginDisabled(locked);

  draw_workers(config_);
  note_control("workers");

  label("Lock");
  draw_lock_picker(config_, true);

  label("Engine");
  ImGui::BeginDisabled(!threads_available());
  const auto engine = effective_config().engine;
  if (ImGui::RadioButton("threads", engine == EngineKind::Threads)) {
    config_.engine = EngineKind::Threads;
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::RadioButton("deterministic", engine == EngineKind::Deterministic)) {
    config_.engine = EngineKind::Deterministic;
  }
  ImGui::SameLine();
  if (ImGui::RadioButton("step", engine == EngineKind::Step)) {
    config_.engine = EngineKind::Step;
    config_.workers = std::min(config_.workers, RunConfig::kMaxStepWorkers);
  }
  note_control("engine-step");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("You are the scheduler: pick who goes next");
  if (!threads_available() && engine != EngineKind::Step) draw_threads_note();
  if (engine == EngineKind::Step) {
    explain(
        "You pick which worker makes its next request, a line or a request at a time; the "
        "order you chose is in the link. Thinking takes no time here: you decide who goes.");
  } else if (engine == EngineKind::Threads) {
    explain("Workers run on real desk threads: races really happen, and differ run to run.");
    label("Desks");
    ImGui::SetNextItemWidth(-1);
    ImGui::SliderInt("##desks", &config_.desks, 1, desks_.size(),
                     config_.desks == 1 ? "%d desk (thread)" : "%d desks (threads)",
                     ImGuiSliderFlags_AlwaysClamp);
  } else {
    explain(
        "One thread, a seeded scheduler, virtual time: the same seed replays the same "
        "interleaving exactly.");
    draw_seed(config_);
  }
  ImGui::EndDisabled();
  // The pace of a replay may change while it runs.
  if (engine == EngineKind::Deterministic) {
    draw_speed(page_);
    note_control("speed");
  }
  ImGui::BeginDisabled(locked);

  label("Think time");
  ImGui::BeginDisabled(engine == EngineKind::Step);
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderInt("##think", &config_.think_ms, 0, RunConfig::kMaxThinkMs, "%d ms",
                   ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("How long a worker hesitates between looking and acting");
  }
  ImGui::EndDisabled();

  for (const auto& param : find_scenario(config_.scenario)->params) {
    std::string text(param.label);
    const std::string id = "##" + std::string(param.key);
    // A parameter bounded by the workers (the cache's writers) follows the workers slider.
    const int highest = std::max(param.min, param.highest(config_.workers));
    auto& value = config_.params[std::string(param.key)];
    value = std::min(value, highest);
    if (param.min == 0 && param.max == 1) {
      // A yes or no (the deadlock scenarios' fix) is a checkbox; its label's "(1: fixed)" is
      // the command line's hint.
      if (const auto hint = text.rfind(" (1: "); hint != std::string::npos && text.back() == ')') {
        text.resize(hint);
      }
      ImGui::Spacing();
      bool on = value != 0;
      if (ImGui::Checkbox((text + id).c_str(), &on)) value = on ? 1 : 0;
      note_control(("param-" + std::string(param.key)).c_str());
      continue;
    }
    label(text.c_str());
    ImGui::SetNextItemWidth(-1);
    ImGui::SliderInt(
        id.c_str(), &value, param.min, highest, "%d",
        ImGuiSliderFlags_AlwaysClamp | (param.max > 100 ? ImGuiSliderFlags_Logarithmic : 0));
  }
  ImGui::EndDisabled();
}

// The words over the shared text and its field, in whole pixels: the page's height above the
// actions is too, so that the buttons land on the same pixel with the field and without it.
float App::share_field_height() const {
  return std::ceil(ImGui::GetTextLineHeightWithSpacing() + ImGui::GetFrameHeightWithSpacing());
}

float App::actions_height() const {
  // Only while it still describes what is on screen; decided here, once a frame, so that the
  // room kept for the actions and what draw_actions() puts in it agree.
  share_field_shown_ = !share_text_.empty() && shared_link_ == link();
  const float buttons =
      2 * ImGui::GetFrameHeightWithSpacing() + 2 * ImGui::GetStyle().ItemSpacing.y;
  return buttons + (share_field_shown_ ? share_field_height() : 0.0f);
}

void App::draw_actions() {
  ImGui::Spacing();
  draw_shared_text();
  draw_run_buttons();
  draw_share();
}

void App::draw_compact_controls() {
  ImGui::BeginDisabled(running());
  draw_scenario_picker(config_, false);
  draw_workers(config_);
  note_control("workers");
  label("Lock");
  draw_lock_picker(config_, false);
  ImGui::EndDisabled();
  ImGui::Spacing();
  draw_run_buttons();
  if (!threads_available()) {
    ImGui::Spacing();
    draw_threads_note();
  }
}

}  // namespace racelab::ui
