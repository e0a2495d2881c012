#include "ui/step_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "core/names.hpp"
#include "ui/palette.hpp"

namespace racelab::ui {

namespace {

constexpr double kExploreSliceMs = 8.0;

// The last item's rect under `name`, as far as it is in sight: what a scrolled child window
// (or the phone's pinned actions below it) hides is not there to press.
void note(nlohmann::json& rects, const std::string& name) {
  const auto* draw_list = ImGui::GetWindowDrawList();
  const auto clip_min = draw_list->GetClipRectMin();
  const auto clip_max = draw_list->GetClipRectMax();
  const auto min = ImGui::GetItemRectMin();
  const auto max = ImGui::GetItemRectMax();
  const float top = std::max(min.y, clip_min.y);
  const float bottom = std::min(max.y, clip_max.y);
  const float left = std::max(min.x, clip_min.x);
  const float right = std::min(max.x, clip_max.x);
  rects[name] = {left, top, std::max(0.0f, right - left), std::max(0.0f, bottom - top)};
}

RunConfig without_schedule(RunConfig config) {
  config.schedule.clear();
  return config;
}

}  // namespace

bool StepPanel::follow(const RunConfig& config) {
  auto wanted = without_schedule(config);
  if (session_ && wanted == config_) return false;
  config_ = wanted;
  session_ = std::make_unique<StepSession>(config_);
  ++sessions_;
  message_.clear();
  if (explorer_ && !explorer_->done()) explorer_->cancel();
  return true;
}

std::string StepPanel::replay(const std::string& token) {
  if (token.empty()) {
    session_->replay({});
    return "";
  }
  std::string problem;
  const auto position = parse_position_token(token, problem);
  if (!position) return "schedule: " + problem;
  problem = session_->replay(*position);
  return problem.empty() ? "" : "schedule " + token.substr(0, 40) + ": " + problem;
}

const std::string& StepPanel::token() const {
  // Asked for every frame (the page's link): made again only when the session has moved.
  const auto requests = session_ ? session_->requests() : 0;
  const auto serial = this->serial();
  if (requests != token_requests_ || serial != token_serial_) {
    token_ = requests == 0 ? "" : position_token(session_->position());
    token_requests_ = requests;
    token_serial_ = serial;
  }
  return token_;
}

std::uint64_t StepPanel::serial() const {
  // Apart from the other engines' run counts: the top bit set.
  return (1ull << 63) | (sessions_ << 32) | (session_ ? session_->generation() : 0);
}

std::string StepPanel::go(int worker) {
  message_ = session_->go(worker, !expanded_);
  return message_;
}

std::string StepPanel::next() {
  message_ = session_->next() ? "" : "the run is over: press Undo or Restart";
  return message_;
}

std::string StepPanel::undo() {
  message_ = session_->undo() ? "" : "nothing to undo: this is the first step";
  return message_;
}

void StepPanel::restart() {
  message_.clear();
  session_->restart();
}

void StepPanel::run_to_end() {
  message_.clear();
  while (session_->next()) {
  }
}

bool StepPanel::explore(int bound) {
  if (explorer_ && !explorer_->done()) return false;
  bound_ = std::clamp(bound, 0, 8);
  auto config = session_->config();
  config.engine = EngineKind::Deterministic;
  explorer_ = std::make_unique<Explorer>(config, Explorer::Options{.bound = bound_});
  explored_for_ = sessions_;
  return true;
}

void StepPanel::cancel_explore() {
  if (explorer_) explorer_->cancel();
}

bool StepPanel::step_through_shortest() {
  if (!explorer_ || !explorer_->done() || explored_for_ != sessions_) return false;
  const auto& shortest = explorer_->result().shortest_failing;
  if (!shortest) return false;
  session_->plan_schedule(*shortest);
  message_.clear();
  return true;
}

void StepPanel::poll() {
  if (explorer_ && !explorer_->done()) explorer_->advance(kExploreSliceMs);
}

nlohmann::json StepPanel::explore_state() const {
  nlohmann::json state = {{"running", explorer_ && !explorer_->done()},
                          {"bound", bound_},
                          {"progress", explorer_ ? explorer_->progress() : 0.0}};
  if (!explorer_ || explored_for_ != sessions_) return state;
  const auto& result = explorer_->result();
  state["schedules"] = result.schedules;
  state["failing"] = result.failing;
  state["racing"] = result.racing;
  state["deadlocked"] = result.deadlocked;
  state["complete"] = result.complete;
  state["cancelled"] = result.cancelled;
  if (result.shortest_failing) {
    state["shortest"] = {{"schedule", schedule_token(*result.shortest_failing)},
                         {"steps", result.shortest_steps},
                         {"verdict", result.shortest_verdict}};
  }
  return state;
}

nlohmann::json StepPanel::state() const {
  if (!session_) return nullptr;
  auto workers = nlohmann::json::array();
  for (int worker = 0; worker < session_->workers(); ++worker) {
    const auto view = session_->view(worker);
    auto code = nlohmann::json::array();
    for (const auto& line : session_->code(worker))
      code.push_back(line.text);
    workers.push_back({{"name", view.name},
                       {"status", view.status},
                       {"can_go", view.can_go},
                       {"done", view.done},
                       {"line", view.line},
                       {"code", code},
                       {"parts", view.parts},
                       {"next", view.next},
                       {"last", view.last}});
  }
  return {{"requests", session_->requests()},
          {"moves", session_->moves()},
          {"planned", session_->planned()},
          {"schedule", token()},
          {"ready", session_->ready()},
          {"finished", session_->finished()},
          {"one_request_at_a_time", expanded_},
          {"message", message_},
          {"workers", workers},
          {"explore", explore_state()}};
}

void StepPanel::draw_moves(nlohmann::json& control_rects) {
  if (session_) draw_status_and_moves(control_rects);
}

void StepPanel::draw_programs(nlohmann::json& control_rects) {
  if (!session_) return;
  ImGui::Spacing();
  // The workers side by side as far as they fit, each wide enough for a line of code.
  const float avail = ImGui::GetContentRegionAvail().x;
  const int columns =
      std::clamp(static_cast<int>(avail / (22 * ImGui::GetFontSize())), 1, session_->workers());
  if (ImGui::BeginTable("workers", columns, ImGuiTableFlags_SizingStretchSame)) {
    for (int worker = 0; worker < session_->workers(); ++worker) {
      ImGui::TableNextColumn();
      draw_worker(worker, ImGui::GetContentRegionAvail().x, control_rects);
    }
    ImGui::EndTable();
  }
  draw_explore(control_rects);
}

void StepPanel::draw_status_and_moves(nlohmann::json& control_rects) {
  ImGui::PushTextWrapPos(0.0f);
  const auto& run = session_->run();
  if (session_->finished() && run.deadlock()) {
    ImGui::TextColored(palette::vec4(palette::kTextBroken),
                       "Nobody can move: a deadlock, after %zu requests.", session_->requests());
  } else if (session_->finished()) {
    ImGui::Text("Everyone is done, after %zu requests. Undo to try another order.",
                session_->requests());
  } else {
    std::vector<int> ready(session_->ready().begin(), session_->ready().end());
    const auto who = join_names(ready);
    ImGui::Text("You are the scheduler: press a worker to let it go. %s %s.", who.c_str(),
                ready.size() == 1 ? "is the only one who can go" : "can go");
  }
  if (!message_.empty()) {
    ImGui::TextColored(palette::vec4(palette::kTextWarning), "%s", message_.c_str());
  }
  ImGui::PopTextWrapPos();
  // Restart is the page's Reset, beside Run, which plays on to the end.
  const float width = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::BeginDisabled(session_->finished());
  if (ImGui::Button(session_->planned() > 0 ? "Next (replay)" : "Next", ImVec2(width, 0))) next();
  note(control_rects, "step-next");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(session_->planned() > 0 ? "The next request of the schedule being replayed"
                                              : "Whoever went last goes on, if it can");
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(session_->moves() == 0);
  if (ImGui::Button("Undo", ImVec2(width, 0))) undo();
  note(control_rects, "step-undo");
  ImGui::EndDisabled();
  ImGui::Checkbox("One request at a time", &expanded_);
  note(control_rects, "step-expand");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "A line of code can be several requests (read the calendar, then write it): "
        "here each is a move of its own, and other workers can go in between");
  }
  ImGui::Spacing();
}

void StepPanel::draw_worker(int worker, float width, nlohmann::json& control_rects) {
  const auto view = session_->view(worker);
  const auto& code = session_->code(worker);
  ImGui::PushID(worker);
  ImGui::BeginChild("worker", ImVec2(width, 0),
                    ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
  std::string label = view.name;
  if (view.can_go) {
    label += expanded_ ? ": next request" : ": next line";
  } else {
    label += ": " + view.status;
  }
  ImGui::BeginDisabled(!view.can_go || session_->finished());
  if (ImGui::Button(label.c_str(), ImVec2(-1, 0))) go(worker);
  ImGui::EndDisabled();
  note(control_rects, "step-worker-" + std::to_string(worker));
  ImGui::PushTextWrapPos(0.0f);
  for (int i = 0; i < static_cast<int>(code.size()); ++i) {
    const bool here = i == view.line;
    if (here) {
      // The line the worker is at, on a band of its own.
      const auto at = ImGui::GetCursorScreenPos();
      const auto size = ImGui::CalcTextSize(("> " + code[i].text).c_str(), nullptr, false,
                                            ImGui::GetContentRegionAvail().x);
      // Blue where the worker can go, amber where it waits.
      const ImU32 band = view.can_go
                             ? palette::kAccentDim
                             : ImGui::GetColorU32(palette::with_alpha(palette::kWaiting, 0.35f));
      ImGui::GetWindowDrawList()->AddRectFilled(
          at, ImVec2(at.x + ImGui::GetContentRegionAvail().x, at.y + size.y), band);
      ImGui::Text("> %s", code[i].text.c_str());
      if (expanded_) {
        for (const auto& part : view.parts)
          ImGui::TextDisabled("      did: %s", part.c_str());
        if (!view.next.empty()) ImGui::Text("      next: %s", view.next.c_str());
      }
    } else {
      ImGui::TextDisabled("  %s", code[i].text.c_str());
    }
  }
  if (view.done) ImGui::TextColored(palette::vec4(palette::kTextFine), "done");
  if (!expanded_ && !view.last.empty()) ImGui::TextDisabled("Last: %s", view.last.c_str());
  if (!expanded_ && !view.next.empty()) ImGui::TextDisabled("Next: %s", view.next.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
  ImGui::PopID();
}

void StepPanel::draw_explore(nlohmann::json& control_rects) {
  ImGui::Spacing();
  ImGui::SeparatorText("Explore every interleaving");
  const bool going = explorer_ && !explorer_->done();
  ImGui::BeginDisabled(going);
  const float button = ImGui::CalcTextSize("Explore").x + 2 * ImGui::GetStyle().FramePadding.x;
  if (ImGui::Button("Explore")) explore(bound_);
  note(control_rects, "explore");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Run every schedule of these settings that switches workers at most this "
        "often where one could have gone on, and find the shortest that fails");
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(button, ImGui::GetContentRegionAvail().x));
  ImGui::SliderInt("##bound", &bound_, 0, 8,
                   bound_ == 1 ? "at most %d preemption" : "at most %d preemptions",
                   ImGuiSliderFlags_AlwaysClamp);
  note(control_rects, "explore-bound");
  ImGui::EndDisabled();
  if (going) {
    const float cancel = ImGui::CalcTextSize("Cancel").x + 2 * ImGui::GetStyle().FramePadding.x;
    char text[64];
    std::snprintf(text, sizeof text, "%lld schedules",
                  static_cast<long long>(explorer_->result().schedules));
    ImGui::ProgressBar(static_cast<float>(explorer_->progress()),
                       ImVec2(-(cancel + ImGui::GetStyle().ItemSpacing.x), 0), text);
    note(control_rects, "explore-progress");
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) cancel_explore();
    note(control_rects, "explore-cancel");
    return;
  }
  if (!explorer_ || explored_for_ != sessions_) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        "Explore tries every order of these settings within the bound, up to 100,000 of them.");
    ImGui::PopTextWrapPos();
    return;
  }
  const auto& result = explorer_->result();
  ImGui::PushTextWrapPos(0.0f);
  const char* extent = result.cancelled  ? " before Cancel"
                       : result.complete ? ", every one within the bound"
                                         : ", and stopped there: not every one";
  ImGui::Text("Tried %s%s: %lld broke the invariant, %lld raced, %lld deadlocked.",
              counted(result.schedules, "schedule", "schedules").c_str(), extent,
              static_cast<long long>(result.failing), static_cast<long long>(result.racing),
              static_cast<long long>(result.deadlocked));
  if (result.shortest_failing) {
    ImGui::TextColored(palette::vec4(palette::kTextBroken),
                       "The shortest that fails takes %lld requests (schedule %s): %s",
                       static_cast<long long>(result.shortest_steps),
                       schedule_token(*result.shortest_failing).c_str(),
                       result.shortest_verdict.c_str());
    if (ImGui::Button("Step through it")) step_through_shortest();
    note(control_rects, "explore-replay");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Back to the start; Next plays it request by request");
  } else if (result.schedules > 0 && result.complete) {
    ImGui::TextColored(palette::vec4(palette::kTextFine), "None of them failed.");
  } else if (result.schedules > 0) {
    ImGui::TextDisabled(
        "None of those tried failed, but not every order was tried: one that fails may be "
        "among the rest. A lower bound or fewer workers can be explored to the end.");
  }
  ImGui::PopTextWrapPos();
}

}  // namespace racelab::ui
