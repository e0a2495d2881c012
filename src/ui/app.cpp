#include "ui/app.hpp"

#include <imgui.h>

#include "ui/calendar_view.hpp"

namespace racelab::ui {

namespace {

// The summary before any run: the settings and an empty calendar.
Summary idle_summary(const RunConfig& config) {
  Summary summary;
  summary.config = config;
  summary.desks = config.workers;
  summary.verdict = "Press Run to let the workers book.";
  summary.outcome = booking_outcome(CalendarPage{}, config.workers);
  return summary;
}

}  // namespace

App::App(int desks) : desks_(desks) {}

std::vector<std::string> App::load(std::string_view hash) {
  if (running()) {
    problems_ = {"a run is going: the link was not applied; press Reset and load it again"};
    return problems_;
  }
  auto result = parse_link(hash);
  config_ = result.config;
  problems_ = std::move(result.problems);
  run_.reset();
  return problems_;
}

bool App::run() {
  poll();
  if (running()) return false;
  run_.reset();
  discard_when_done_ = false;
  run_ = std::make_unique<ThreadsRun>(config_, desks_);
  return true;
}

void App::reset() {
  if (!run_) return;
  run_->request_stop();
  discard_when_done_ = true;
  poll();
}

bool App::running() const { return run_ && !run_->finished(); }

std::string App::state_json() const {
  const bool showing_run = run_ && !discard_when_done_;
  return to_json(showing_run ? run_->summary() : idle_summary(config_)).dump();
}

void App::poll() {
  if (run_ && discard_when_done_ && run_->finished()) {
    run_.reset();
    discard_when_done_ = false;
  }
}

void App::draw_frame() {
  poll();
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("racelab", nullptr, kFlags);

  ImGui::TextUnformatted("racelab");
  ImGui::SameLine();
  ImGui::TextDisabled("conference room: who gets the 10:00 slot?");
  ImGui::Separator();
  draw_problems();

  // Side by side on a wide screen, stacked on a narrow one.
  const float width = ImGui::GetContentRegionAvail().x;
  const bool wide = width > 44 * ImGui::GetFontSize();
  if (wide) {
    ImGui::BeginChild("controls", ImVec2(19 * ImGui::GetFontSize(), 0.0f));
    draw_controls();
    ImGui::EndChild();
    ImGui::SameLine();
  } else {
    draw_controls();
    ImGui::Separator();
  }

  ImGui::BeginChild("scenario");
  const bool showing_run = run_ && !discard_when_done_;
  const auto summary = showing_run ? run_->summary() : idle_summary(config_);
  draw_status();
  draw_verdict(summary);
  ImGui::Spacing();
  draw_calendar(showing_run ? run_->calendar() : CalendarPage{}, showing_run ? run_.get() : nullptr,
                config_.workers);
  ImGui::EndChild();

  ImGui::End();
}

void App::draw_problems() {
  if (problems_.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.36f, 0.27f, 0.05f, 1.0f));
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float height = (static_cast<float>(problems_.size()) + 2.0f) * line;
  ImGui::BeginChild("problems", ImVec2(0, height), true);
  ImGui::TextUnformatted("The link had settings that could not be used; defaults are in place:");
  for (const auto& problem : problems_) ImGui::BulletText("%s", problem.c_str());
  ImGui::EndChild();
  ImGui::PopStyleColor();
  if (ImGui::SmallButton("Dismiss")) problems_.clear();
  ImGui::Spacing();
}

void App::draw_controls() {
  const bool locked = running();
  ImGui::BeginDisabled(locked);

  ImGui::TextUnformatted("Scenario");
  const char* scenario = "Conference room (booking)";
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##scenario", scenario)) {
    ImGui::Selectable(scenario, true);
    ImGui::EndCombo();
  }

  ImGui::Spacing();
  ImGui::TextUnformatted("Workers");
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderInt("##workers", &config_.workers, RunConfig::kMinWorkers, RunConfig::kMaxWorkers,
                   "%d workers", ImGuiSliderFlags_AlwaysClamp);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Freelancers who all want the 10:00 slot");

  ImGui::Spacing();
  ImGui::TextUnformatted("Lock");
  int lock = config_.lock == LockKind::Mutex ? 1 : 0;
  ImGui::RadioButton("none", &lock, 0);
  ImGui::SameLine();
  ImGui::RadioButton("mutex", &lock, 1);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled(lock == 1 ? "A receptionist hands out the one logbook: look, think and write "
                                  "happen while holding it."
                                : "Nobody guards the calendar: everyone looks and writes when "
                                  "they like.");
  ImGui::PopTextWrapPos();
  config_.lock = lock == 1 ? LockKind::Mutex : LockKind::None;

  ImGui::Spacing();
  ImGui::TextUnformatted("Think time");
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderInt("##think", &config_.think_ms, 0, RunConfig::kMaxThinkMs, "%d ms",
                   ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("How long a worker hesitates between seeing a free slot and writing");
  }
  ImGui::EndDisabled();

  ImGui::Spacing();
  ImGui::Spacing();
  const float button_width = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) /
                             2.0f;
  ImGui::BeginDisabled(locked);
  if (ImGui::Button("Run", ImVec2(button_width, 0))) run();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(locked ? "Stop" : "Reset", ImVec2(button_width, 0))) reset();
}

void App::draw_status() {
  if (!run_ || discard_when_done_) {
    ImGui::TextDisabled(discard_when_done_ ? "Stopping..." : "Ready.");
    return;
  }
  const int workers = run_->config().workers;
  const int done = run_->workers_done();
  char label[96];
  if (run_->finished()) {
    std::snprintf(label, sizeof label, "All %d workers done in %.0f ms", workers,
                  run_->elapsed_ms());
  } else {
    std::snprintf(label, sizeof label, "%d of %d workers done, %.0f ms", done, workers,
                  run_->elapsed_ms());
  }
  ImGui::ProgressBar(static_cast<float>(done) / static_cast<float>(workers), ImVec2(-1, 0),
                     label);
}

}  // namespace racelab::ui
