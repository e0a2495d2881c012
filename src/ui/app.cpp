#include "ui/app.hpp"

#include <imgui.h>

#include <algorithm>
#include <cassert>
#include <cfloat>
#include <cstdio>
#include <utility>

#include "core/chrome_trace.hpp"
#include "core/names.hpp"
#include "core/scenario.hpp"
#include "ui/views.hpp"

namespace racelab::ui {

namespace {

// The slice of a frame a deterministic run may use on the UI thread.
constexpr double kDeterministicSliceMs = 8.0;

// The summary before any run: the settings and the untouched resource.
Summary idle_summary(const RunConfig& config) {
  Summary summary;
  summary.config = config;
  summary.desks_used = virtual_time(config.engine) ? 1 : config.desks;
  summary.verdict = "Press Run to let the workers in.";
  const auto scenario = find_scenario(config.scenario)->make(config);
  summary.outcome = scenario->outcome(scenario->initial_memory());
  return summary;
}

}  // namespace

App::App(int desk_threads, Layout layout)
    : layout_(layout), desks_(desk_threads), sweep_(desk_threads > 0) {
  if (threads_available()) config_.desks = std::min(config_.desks, desk_threads);
}

RunConfig App::effective_config() const {
  auto config = config_;
  if (!threads_available() && config.engine == EngineKind::Threads) {
    config.engine = EngineKind::Deterministic;
  }
  return config;
}

std::string App::link() const {
  auto config = config_;
  config.schedule = step_mode() ? step_.token() : "";
  auto hash = to_link(config, page_);
  // A link past what parse_link reads would open at the defaults: it opens at the first step.
  if (hash.size() > kMaxLinkLength) {
    config.schedule.clear();
    hash = to_link(config, page_);
  }
  return hash;
}

bool App::schedule_in_link() const {
  return !step_mode() || step_.token().empty() || link().find("&schedule=") != std::string::npos;
}

const Run* App::live_run() const {
  if (step_mode()) return step_.active() ? &step_.session().run() : nullptr;
  return run_ && !discard_when_done_ ? run_.get() : nullptr;
}

void App::follow_steps() {
  if (!step_mode()) return;
  run_.reset();  // a run of another engine no longer matches the settings
  step_.follow(effective_config());
}

void App::share_done(bool copied, std::string text) {
  share_copied_ = copied;
  share_text_ = std::move(text);
}

std::vector<std::string> App::load(std::string_view hash) {
  ++links_applied_;  // applied or refused, the page shows the link in effect
  if (running()) {
    problems_heading_ = "The link was not applied:";
    problems_ = {"a run is going; press Stop, then open the link again"};
    return problems_;
  }
  auto result = parse_link(hash);
  config_ = result.config;
  page_ = result.page;
  selected_race_ = -1;
  highlight_ = {};
  share_text_.clear();
  problems_heading_ = "The link had settings that could not be used; defaults are in place:";
  problems_ = std::move(result.problems);
  // Without threads the link keeps its engine and desks for the full page; runs here are
  // deterministic (effective_config), and the note beside the engine says why.
  if (threads_available() && config_.desks > desks_.size()) {
    problems_.push_back("desks " + std::to_string(config_.desks) + " is more than this page's " +
                        std::to_string(desks_.size()) + " desk threads; using " +
                        std::to_string(desks_.size()));
    config_.desks = desks_.size();
  }
  run_.reset();
  if (step_mode()) {
    step_.follow(effective_config());
    if (auto problem = step_.replay(config_.schedule); !problem.empty()) {
      problems_.push_back(problem);
    }
  }
  config_.schedule.clear();  // from here on the step panel holds the position
  if (page_.autorun) run();
  return problems_;
}

bool App::run() {
  if (step_mode()) {
    follow_steps();
    step_.run_to_end();
    return true;
  }
  poll(0.0);
  if (run_ && discard_when_done_) {
    start_when_stopped_ = true;  // the stopped run ends within a few milliseconds
    return true;
  }
  if (running()) return false;
  run_.reset();
  discard_when_done_ = false;
  selected_race_ = -1;
  highlight_ = {};
  step_credit_ = 0.0;
  ++run_serial_;
  run_ = start_run(effective_config(), threads_available() ? &desks_ : nullptr);
  return true;
}

void App::reset() {
  if (step_mode()) {
    follow_steps();
    step_.restart();
    return;
  }
  start_when_stopped_ = false;
  if (!run_) return;
  run_->request_stop();
  discard_when_done_ = true;
  poll(0.0);
}

bool App::running() const {
  return start_when_stopped_ || (run_ && !run_->finished());
}

Summary App::current_summary() const {
  if (const auto* run = live_run()) return run->summary();
  return idle_summary(effective_config());
}

bool App::select_race(int index) {
  const auto* run = live_run();
  const bool exists =
      index >= 0 && run && run->finished() && index < static_cast<int>(run->races().size());
  selected_race_ = exists ? index : -1;
  return exists;
}

std::string App::state_json() const {
  auto state = to_json(current_summary());
  auto panels = nlohmann::json::array();
  for (auto panel : kPanels) {
    if (page_.open(panel)) panels.push_back(panel_name(panel));
  }
  state["page"] = {
      {"layout", layout_ == Layout::Embed ? "embed" : "full"},
      {"title", find_scenario(config_.scenario)->title},
      {"threads_available", threads_available()},
      {"speed", page_.speed},
      {"panels", panels},
      {"autorun", page_.autorun},
      {"link", link()},
  };
  state["sweep"] = sweep_.state();
  state["step"] = step_mode() && step_.active() ? step_.state() : nlohmann::json(nullptr);
  if (state["step"].is_object()) state["step"]["in_link"] = schedule_in_link();
  return state.dump();
}

std::string App::trace_json() const {
  const auto* run = live_run();
  return run && run->finished() ? chrome_trace(*run).json : std::string();
}

void App::poll(double seconds) {
  follow_steps();
  step_.poll();
  if (!run_) return;
  // A stopped deterministic run ends at its next step; so does a threaded one, on its desks.
  const bool paced =
      page_.speed > 0 && !discard_when_done_ && run_->config().engine == EngineKind::Deterministic;
  assert(run_->config().engine != EngineKind::Step && "the step engine runs in step_");
  if (!run_->finished() && paced) {
    // Owed steps pile up for a quarter of a second at most, so a slow frame brings no burst.
    step_credit_ = std::min(step_credit_ + page_.speed * seconds, page_.speed * 0.25 + 1.0);
    const auto steps = static_cast<std::int64_t>(step_credit_);
    step_credit_ -= static_cast<double>(steps);
    run_->advance(kDeterministicSliceMs, steps);
  } else if (!run_->finished()) {
    run_->advance(kDeterministicSliceMs);
  }
  if (discard_when_done_ && run_->finished()) {
    run_.reset();
    discard_when_done_ = false;
    if (std::exchange(start_when_stopped_, false)) run();
    return;
  }
  // Settings changed since the last run: its picture no longer matches them.
  if (run_->finished() && !(run_->config() == effective_config())) run_.reset();
}

void App::note_control(const char* name) {
  const auto min = ImGui::GetItemRectMin();
  const auto max = ImGui::GetItemRectMax();
  control_rects_[name] = {min.x, min.y, max.x - min.x, max.y - min.y};
}

void App::draw_frame(double seconds) {
  poll(seconds);
  sweep_.poll();
  control_rects_ = nlohmann::json::object();
  drawn_.clear();
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  // No decoration but the scrollbar, which a phone-sized screen needs.
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("racelab", nullptr, kFlags);
  draw_title();
  draw_problems();
  if (layout_ == Layout::Embed) {
    draw_embed();
  } else {
    draw_full();
  }
  ImGui::End();
  for (const auto& rect : drawn_) {
    auto& published = control_rects_[rect.name] = {rect.x, rect.y, rect.width, rect.height};
    if (rect.value >= 0) published.push_back(rect.value);
  }
}

void App::draw_title() {
  const auto* spec = find_scenario(config_.scenario);
  ImGui::TextUnformatted("racelab");
  ImGui::SameLine();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%.*s", static_cast<int>(spec->title.size()), spec->title.data());
  ImGui::PopTextWrapPos();
  ImGui::Separator();
}

// A panel the visitor can fold away; whether it is open lives in the page's settings (the link).
bool App::panel_header(const std::string& title, Panel panel) {
  ImGui::Spacing();
  ImGui::SetNextItemOpen(page_.open(panel), ImGuiCond_Always);
  const std::string name(panel_name(panel));
  const bool open = ImGui::CollapsingHeader((title + "###" + name).c_str());
  note_control(name.c_str());
  // Only a click folds or unfolds: a header that is not drawn (scrolled away) says closed.
  if (ImGui::IsItemToggledOpen()) page_.set_open(panel, open);
  return open;
}

void App::draw_full() {
  // Side by side on a wide screen, stacked on a narrow one; on both, Run and the rest of the
  // actions stay in sight while everything else scrolls.
  const bool wide = ImGui::GetContentRegionAvail().x > 48 * ImGui::GetFontSize();
  if (wide) {
    ImGui::BeginChild("controls", ImVec2(20 * ImGui::GetFontSize(), 0.0f));
    ImGui::BeginChild("settings", ImVec2(0.0f, -actions_height()));
    draw_settings(true);
    ImGui::EndChild();
    draw_actions();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("scenario");
    const auto summary = current_summary();  // after the controls: this frame's settings
    draw_picture(summary);
    draw_panels(summary);
    ImGui::EndChild();
    return;
  }
  // A phone: the scenario and its picture first, so that Run's effect is in view, then the
  // settings, then the panels; the actions sit below, pinned.
  ImGui::BeginChild("page", ImVec2(0.0f, -actions_height()));
  draw_scenario_setting();
  ImGui::Spacing();
  const auto summary = current_summary();
  draw_picture(summary);
  ImGui::Separator();
  draw_settings(false);
  ImGui::Spacing();
  draw_panels(summary);
  ImGui::EndChild();
  // A rule between the scrolling page and the pinned actions, drawn in the gap between them.
  const ImVec2 page_min = ImGui::GetItemRectMin();
  const ImVec2 page_max = ImGui::GetItemRectMax();
  ImGui::GetWindowDrawList()->AddLine(ImVec2(page_min.x, page_max.y + 1),
                                      ImVec2(page_max.x, page_max.y + 1),
                                      ImGui::GetColorU32(ImGuiCol_Separator));
  draw_actions();
}

void App::draw_picture(const Summary& summary) {
  const auto* run = live_run();
  const bool downloadable = run && run->finished() && download_;
  // Where there is room, the download beside the status: one line less above the resource.
  constexpr const char* kDownload = "Download the trace";
  const float download_width =
      ImGui::CalcTextSize(kDownload).x + 2 * ImGui::GetStyle().FramePadding.x;
  // (The step engine's panel ends in Explore's results: the download goes below them.)
  const bool beside =
      !step_mode() && ImGui::GetContentRegionAvail().x > download_width + 24 * ImGui::GetFontSize();
  if (step_mode()) {
    step_.draw_moves(control_rects_);
    if (!schedule_in_link()) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextDisabled(
          "This schedule is too long for a link: a shared link opens at the "
          "first step.");
      ImGui::PopTextWrapPos();
    }
  } else {
    draw_status(downloadable && beside ? -(download_width + ImGui::GetStyle().ItemSpacing.x) : -1);
  }
  if (downloadable) {
    if (beside) ImGui::SameLine();
    if (ImGui::Button(kDownload)) {
      download_("racelab-" + config_.scenario + ".trace.json", trace_json());
    }
    note_control("download");
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("Chrome Trace Event JSON: open it in ui.perfetto.dev or chrome://tracing");
    }
  }
  draw_verdict(summary);
  ImGui::Spacing();
  // The Races panel is drawn last but decides what the views above highlight: last frame's pick.
  // Its lines wrap rather than run off a phone's edge.
  ImGui::PushTextWrapPos(0.0f);
  draw_resource(summary, highlight_, drawn_);
  ImGui::PopTextWrapPos();
  // The programs under the picture they change, so that it stays in sight.
  if (step_mode()) step_.draw_programs(control_rects_);
}

void App::draw_panels(const Summary& summary) {
  if (panel_header("Explain", Panel::Explain)) draw_explain(summary);
  if (panel_header("Floor", Panel::Floor)) draw_floor(live_run(), summary, highlight_, drawn_);
  if (panel_header("Timeline", Panel::Timeline)) {
    timeline_.draw(live_run(), step_mode() ? step_.serial() : run_serial_, timeline_renderer_);
    control_rects_["timeline-view"] = timeline_.probe();
    const auto zoom_in = timeline_.zoom_in_rect();
    if (!zoom_in.empty()) control_rects_["timeline-zoom-in"] = zoom_in;
  }
  if (panel_header("Races (" + std::to_string(summary.races.size()) + ")", Panel::Races)) {
    highlight_ = draw_races(summary, selected_race_);
  } else {
    highlight_ = {};
  }
  if (panel_header("Metrics", Panel::Metrics)) {
    draw_metrics(summary);
    sweep_.draw(control_rects_);
  }
}

void App::draw_embed() {
  // The frame in an article: the main controls beside the scenario and its verdict.
  const bool wide = ImGui::GetContentRegionAvail().x > 30 * ImGui::GetFontSize();
  if (wide) {
    ImGui::BeginChild("controls", ImVec2(15 * ImGui::GetFontSize(), 0.0f));
    draw_compact_controls();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("scenario");
  } else {
    draw_compact_controls();
    ImGui::Separator();
  }
  const auto summary = current_summary();
  if (step_mode()) {
    step_.draw_moves(control_rects_);
  } else {
    draw_status();
  }
  draw_verdict(summary);
  ImGui::Spacing();
  draw_resource(summary, highlight_, drawn_);
  if (step_mode()) step_.draw_programs(control_rects_);
  if (wide) ImGui::EndChild();
}

void App::draw_problems() {
  if (problems_.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.36f, 0.27f, 0.05f, 1.0f));
  // Many problems scroll inside the box rather than push the page away.
  const float lines = layout_ == Layout::Embed ? 3.5f : 7.5f;
  ImGui::SetNextWindowSizeConstraints(
      ImVec2(0, 0), ImVec2(FLT_MAX, lines * ImGui::GetTextLineHeightWithSpacing() +
                                        2 * ImGui::GetStyle().WindowPadding.y));
  ImGui::BeginChild("problems", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(problems_heading_.c_str());
  for (const auto& problem : problems_) {
    ImGui::Bullet();  // BulletText would not wrap
    ImGui::TextWrapped("%s", problem.c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
  ImGui::PopStyleColor();
  if (ImGui::SmallButton("Dismiss")) problems_.clear();
  ImGui::Spacing();
}

void App::draw_status(float width) {
  if (!run_ || discard_when_done_) {
    ImGui::ProgressBar(0.0f, ImVec2(width, 0), discard_when_done_ ? "Stopping..." : "Ready");
    return;
  }
  const int workers = run_->config().workers;
  const int done = run_->workers_done();
  const bool virtual_time = racelab::virtual_time(run_->config().engine);
  char label[160];
  const auto crew = counted(workers, "worker", "workers");
  const char* time_kind = virtual_time ? " of virtual time" : "";
  if (run_->finished() && run_->deadlock()) {
    std::snprintf(label, sizeof label, "Deadlock after %.1f ms%s: %d of %s stuck",
                  run_->elapsed_ms(), time_kind, workers - done, crew.c_str());
  } else if (run_->finished() && done < workers) {
    std::snprintf(label, sizeof label, "Stopped after %.1f ms%s: %d of %s done", run_->elapsed_ms(),
                  time_kind, done, crew.c_str());
  } else if (run_->finished()) {
    std::snprintf(label, sizeof label, "%s %s done in %.1f ms%s", workers == 1 ? "The" : "All",
                  workers == 1 ? "worker" : crew.c_str(), run_->elapsed_ms(), time_kind);
  } else {
    std::snprintf(label, sizeof label, "%d of %s done, %.1f ms%s", done, crew.c_str(),
                  run_->elapsed_ms(), virtual_time ? " (virtual)" : "");
  }
  ImGui::ProgressBar(static_cast<float>(done) / static_cast<float>(workers), ImVec2(width, 0),
                     label);
}

}  // namespace racelab::ui
