// The Metrics panel: the run's figures (throughput, lock waits, contention, where the workers'
// time went) and the Mutex-against-RWMutex comparison on the bulletin board.
//
// [SECTION] The run's figures
// [SECTION] The comparison: its sweep, in the background or a slice per frame
// [SECTION] The comparison's chart

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/names.hpp"
#include "ui/palette.hpp"
#include "ui/sweep_panel.hpp"
#include "ui/views.hpp"

namespace racelab::ui {

// [SECTION] The run's figures ---------------------------------------------------------------------

namespace {

double number(const nlohmann::json& metrics, const char* key) {
  const auto found = metrics.find(key);
  return found != metrics.end() && found->is_number() ? found->get<double>() : 0.0;
}

void row(const char* name, const char* format, double value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(name);
  ImGui::TableNextColumn();
  ImGui::Text(format, value);
}

}  // namespace

void draw_metrics(const Summary& summary) {
  const auto& metrics = summary.metrics;
  if (!summary.finished && !summary.stopped) {
    ImGui::TextDisabled("The figures come when the run is over.");
    return;
  }

  const bool virtual_time = racelab::virtual_time(summary.config.engine);
  if (ImGui::BeginTable("figures", 2, ImGuiTableFlags_SizingFixedFit)) {
    row("operations", "%.0f", number(metrics, "operations"));
    row(virtual_time ? "operations per virtual second" : "operations per second", "%.0f",
        number(metrics, "operations_per_second"));
    row("lock acquisitions", "%.0f", number(metrics, "lock_acquisitions"));
    row("lock wait, median", "%.3f ms", number(metrics, "lock_wait_p50_ms"));
    row("lock wait, 99th percentile", "%.3f ms", number(metrics, "lock_wait_p99_ms"));
    row("contention (acquisitions that waited)", "%.1f %%", 100.0 * number(metrics, "contention"));
    if (metrics.contains("time_ms")) {
      const auto& time = metrics["time_ms"];
      row("time running (all workers)", "%.1f ms", number(time, "running"));
      row("time waiting for locks", "%.1f ms", number(time, "waiting"));
      row("time thinking", "%.1f ms", number(time, "thinking"));
    }
    ImGui::EndTable();
  }

  const auto per_worker = metrics.find("per_worker");
  if (per_worker == metrics.end() || !ImGui::TreeNode("Each worker")) return;
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY;
  const float height = 12 * ImGui::GetTextLineHeightWithSpacing();
  if (ImGui::BeginTable("workers", 4, kFlags, ImVec2(0, height))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("worker");
    ImGui::TableSetupColumn("running ms");
    ImGui::TableSetupColumn("waiting ms");
    ImGui::TableSetupColumn("thinking ms");
    ImGui::TableHeadersRow();
    int worker = 0;
    for (const auto& times : *per_worker) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(worker_name(worker++).c_str());
      for (const char* key : {"running_ms", "waiting_ms", "thinking_ms"}) {
        ImGui::TableNextColumn();
        ImGui::Text("%.2f", number(times, key));
      }
    }
    ImGui::EndTable();
  }
  ImGui::TreePop();
}

}  // namespace racelab::ui

// [SECTION] The comparison: its sweep, in the background or a slice per frame ------------------

namespace racelab::ui {

namespace {

// The UI thread's share of a frame when it runs the sweep itself; the background thread's slice
// only bounds how late it notices Cancel.
constexpr double kFrameSliceMs = 8.0;
#ifndef RACELAB_NO_THREADS
constexpr double kBackgroundSliceMs = 20.0;
#endif

}  // namespace

SweepPanel::SweepPanel(bool background) : background_(background) {
#ifdef RACELAB_NO_THREADS
  background_ = false;
#endif
}

SweepPanel::~SweepPanel() {
  if (!sweep_) return;
  sweep_->cancel();
#ifndef RACELAB_NO_THREADS
  if (thread_.joinable()) thread_.join();  // within a slice; only ever at the page's end
#endif
}

bool SweepPanel::start() {
  poll();
  if (sweep_) return false;
  sweep_ = std::make_unique<Sweep>();
  cancel_asked_ = false;
  last_cancelled_ = false;
  last_progress_ = 0.0;
  last_done_ = 0;
#ifndef RACELAB_NO_THREADS
  if (background_) {
    thread_done_.store(false, std::memory_order_relaxed);
    Sweep* sweep = sweep_.get();
    // In the browser a thread of the pool made at start-up: the main thread never waits for it.
    thread_ = std::thread([this, sweep] {
      while (!sweep->finished())
        sweep->advance(kBackgroundSliceMs);
      // Release: the points come before the flag the UI thread polls.
      thread_done_.store(true, std::memory_order_release);
    });
  }
#endif
  return true;
}

void SweepPanel::cancel() {
  if (!sweep_) return;
  sweep_->cancel();
  cancel_asked_ = true;
  poll();
}

void SweepPanel::poll() {
  if (!sweep_) return;
#ifndef RACELAB_NO_THREADS
  if (background_) {
    if (!thread_done_.load(std::memory_order_acquire)) return;
    thread_.join();  // it has left its loop: no wait to speak of
    collect();
    return;
  }
#endif
  sweep_->advance(cancel_asked_ ? 0.0 : kFrameSliceMs);
  if (sweep_->finished()) collect();
}

void SweepPanel::collect() {
  last_cancelled_ = sweep_->cancelled();
  last_progress_ = sweep_->progress();
  last_done_ = sweep_->done();
  // A cancelled sweep leaves the last whole chart as it was.
  if (!last_cancelled_) {
    points_ = sweep_->points();
    settings_ = sweep_->settings();
  }
  sweep_.reset();
}

nlohmann::json SweepPanel::state() const {
  auto points = nlohmann::json::array();
  for (const auto& point : points_)
    points.push_back(to_json(point));
  const auto& planned = sweep_ ? sweep_->settings() : SweepSettings{};
  const auto total = planned.locks.size() * planned.workers.size() * planned.reader_shares.size();
  return {
      {"running", running()},
      {"cancelled", sweep_ ? cancel_asked_ : last_cancelled_},
      {"progress", sweep_ ? sweep_->progress() : last_progress_},
      {"done", sweep_ ? sweep_->done() : last_done_},
      {"total", total},
      {"points", points},
  };
}

void SweepPanel::draw(nlohmann::json& control_rects) {
  const auto note = [&control_rects](const char* name) {
    const auto min = ImGui::GetItemRectMin();
    const auto max = ImGui::GetItemRectMax();
    control_rects[name] = {min.x, min.y, max.x - min.x, max.y - min.y};
  };

  ImGui::Spacing();
  ImGui::SeparatorText("Mutex or RWMutex?");
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled(
      "The bulletin board again and again: 2 to 128 workers, of whom one writes, and from half "
      "to 99 in 100 visits to the board reads. Each reader spends a moment on every sheet. "
      "Deterministic runs in virtual time: the same chart on every machine.");
  ImGui::PopTextWrapPos();

  ImGui::BeginDisabled(running());
  if (ImGui::Button("Compare Mutex and RWMutex")) start();
  ImGui::EndDisabled();
  note("sweep");
  // Always in its place, so that the pointer finds it the moment the sweep starts.
  ImGui::SameLine();
  ImGui::BeginDisabled(!running() || cancel_asked_);
  if (ImGui::Button("Cancel")) cancel();
  ImGui::EndDisabled();
  note("sweep-cancel");

  if (sweep_) {
    char label[96];
    std::snprintf(label, sizeof label,
                  cancel_asked_ ? "Stopping after %d of %d runs" : "%d of %d runs", sweep_->done(),
                  sweep_->total());
    ImGui::ProgressBar(static_cast<float>(sweep_->progress()), ImVec2(-1, 0), label);
    note("sweep-progress");
  } else if (last_cancelled_) {
    ImGui::TextDisabled("Cancelled after %d runs.%s", last_done_,
                        points_.empty() ? "" : " The chart is the last whole comparison's.");
  }
  if (!points_.empty()) draw_chart(control_rects);
}

// [SECTION] The comparison's chart ---------------------------------------------------------------

namespace {

// The chart's colours are the palette's (ui/palette.hpp): quiet text for the axes, the border's
// grey for the grid, on the page's background.

// Mutex warm, RWMutex cool; more workers, brighter.
ImU32 line_colour(LockKind lock, std::size_t worker_index, std::size_t worker_counts) {
  const float bright = worker_counts <= 1 ? 1.0f
                                          : 0.45f + 0.55f * static_cast<float>(worker_index) /
                                                        static_cast<float>(worker_counts - 1);
  const ImVec4 base =
      palette::vec4(lock == LockKind::Mutex ? palette::kMutexLine : palette::kRWMutexLine);
  return ImGui::GetColorU32(ImVec4(base.x * bright, base.y * bright, base.z * bright, 1.0f));
}

// "950", "12k", "1.5k"
std::string short_count(double value) {
  char text[32];
  if (value >= 1000) {
    const double thousands = value / 1000;
    std::snprintf(text, sizeof text,
                  thousands < 10 && std::fmod(thousands, 1.0) != 0 ? "%.1fk" : "%.0fk", thousands);
  } else {
    std::snprintf(text, sizeof text, "%.0f", value);
  }
  return text;
}

}  // namespace

void SweepPanel::draw_chart(nlohmann::json& control_rects) {
  const float font = ImGui::GetFontSize();
  const auto& shares = settings_.reader_shares;
  const auto& worker_counts = settings_.workers;

  // Which worker counts to draw: all, or one, as the visitor picks; as many on a line as fit
  // (a phone's width takes the last to the next).
  const auto& style = ImGui::GetStyle();
  const float right_edge = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  const auto choice = [&](const std::string& text, int workers) {
    const float width =
        ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(text.c_str()).x;
    ImGui::SameLine();
    if (ImGui::GetCursorScreenPos().x + width > right_edge) ImGui::NewLine();
    const auto label = text + "##workers";
    if (ImGui::RadioButton(label.c_str(), shown_workers_ == workers)) shown_workers_ = workers;
    const auto min = ImGui::GetItemRectMin();
    const auto max = ImGui::GetItemRectMax();
    control_rects["sweep-workers-" + text] = {min.x, min.y, max.x - min.x, max.y - min.y};
  };
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Workers:");
  choice("all", 0);
  for (int workers : worker_counts)
    choice(std::to_string(workers), workers);

  // The plot area inside the frame, with room for the axes' labels.
  const float width = std::max(ImGui::GetContentRegionAvail().x, 16 * font);
  const float height = std::clamp(width * 0.5f, 17 * font, 20 * font);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  const ImVec2 plot_min(origin.x + 4.0f * font, origin.y + 2.0f * font);
  const ImVec2 plot_max(origin.x + width - 2.5f * font, origin.y + height - 3.0f * font);
  control_rects["sweep-chart"] = {plot_min.x, plot_min.y, plot_max.x - plot_min.x,
                                  plot_max.y - plot_min.y};
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), palette::kBackground,
                     0.3f * font);

  // x: the reader share, linear from the lowest share to 100 %. y: throughput on a log scale,
  // whole decades, since mutex and RWMutex differ by a factor of ten where it matters.
  double lowest = 1e300;
  double highest = 0;
  for (const auto& point : points_) {
    lowest = std::min(lowest, std::max(point.operations_per_second, 1.0));
    highest = std::max(highest, point.operations_per_second);
  }
  const double y_from = std::floor(std::log10(lowest));
  const double y_to = std::max(std::ceil(std::log10(std::max(highest, 1.0))), y_from + 1);
  const double x_from = shares.empty() ? 0 : shares.front();
  const double x_to = 100;
  const auto x_of = [&](double share) {
    return plot_min.x +
           static_cast<float>((share - x_from) / (x_to - x_from)) * (plot_max.x - plot_min.x);
  };
  const auto y_of = [&](double value) {
    const double at = (std::log10(std::max(value, 1.0)) - y_from) / (y_to - y_from);
    return plot_max.y - static_cast<float>(at) * (plot_max.y - plot_min.y);
  };

  // Grid and ticks: decades and their 2 and 5, and each share the sweep ran.
  for (double decade = y_from; decade <= y_to; ++decade) {
    for (double step : {1.0, 2.0, 5.0}) {
      const double value = step * std::pow(10.0, decade);
      if (std::log10(value) > y_to + 1e-9) break;
      const float y = y_of(value);
      draw.AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y), palette::kBorder);
      // The 2 and 5 are named only where a decade is tall enough for three labels.
      const float decade_height = (plot_max.y - plot_min.y) / static_cast<float>(y_to - y_from);
      if (step != 1.0 && decade_height < 3.3f * font) continue;
      const auto text = short_count(value);
      const ImVec2 size = ImGui::CalcTextSize(text.c_str());
      draw.AddText(ImVec2(plot_min.x - size.x - 0.5f * font, y - size.y / 2),
                   step == 1.0 ? palette::kText : palette::kTextQuiet, text.c_str());
    }
  }
  // The shares from the highest down, so that where labels would touch (90, 95 and 99 on a
  // phone) the extreme one keeps its label.
  float labels_from = 1e30f;
  for (auto share = shares.rbegin(); share != shares.rend(); ++share) {
    const float x = x_of(*share);
    draw.AddLine(ImVec2(x, plot_min.y), ImVec2(x, plot_max.y), palette::kBorder);
    draw.AddLine(ImVec2(x, plot_max.y), ImVec2(x, plot_max.y + 0.3f * font), palette::kTextQuiet);
    const auto text = std::to_string(*share) + "%";
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    if (x + size.x / 2 + 0.3f * font > labels_from) continue;
    draw.AddText(ImVec2(x - size.x / 2, plot_max.y + 0.35f * font), palette::kText, text.c_str());
    labels_from = x - size.x / 2;
  }
  draw.AddLine(plot_min, ImVec2(plot_min.x, plot_max.y), palette::kTextQuiet, 1.5f);
  draw.AddLine(ImVec2(plot_min.x, plot_max.y), plot_max, palette::kTextQuiet, 1.5f);
  const char* x_title = "reads among all visits to the board";
  const ImVec2 x_size = ImGui::CalcTextSize(x_title);
  draw.AddText(ImVec2((plot_min.x + plot_max.x - x_size.x) / 2, plot_max.y + 1.55f * font),
               palette::kTextQuiet, x_title);
  draw.AddText(ImVec2(origin.x + 0.4f * font, origin.y + 0.4f * font), palette::kTextQuiet,
               "operations per virtual second, log scale");

  // One line per lock and worker count, points marked; the nearest point under the mouse is
  // described in a tooltip.
  const ImVec2 mouse = ImGui::GetMousePos();
  const bool hovering = ImGui::IsItemHovered();
  const SweepPoint* nearest = nullptr;
  float nearest_distance = 0.8f * font;
  struct EndLabel {
    float y;
    ImU32 colour;
    std::string text;
  };
  std::vector<EndLabel> end_labels;
  for (auto lock : settings_.locks) {
    for (std::size_t index = 0; index < worker_counts.size(); ++index) {
      const int workers = worker_counts[index];
      if (shown_workers_ != 0 && shown_workers_ != workers) continue;
      const auto colour = line_colour(lock, index, worker_counts.size());
      std::vector<ImVec2> line;
      for (const auto& point : points_) {
        if (point.lock != lock || point.workers != workers) continue;
        const ImVec2 at(x_of(point.reader_share), y_of(point.operations_per_second));
        line.push_back(at);
        const float distance = std::hypot(at.x - mouse.x, at.y - mouse.y);
        if (hovering && distance < nearest_distance) {
          nearest_distance = distance;
          nearest = &point;
        }
      }
      const float thickness = lock == LockKind::RWMutex ? 2.5f : 2.0f;
      draw.AddPolyline(line.data(), static_cast<int>(line.size()), colour, ImDrawFlags_None,
                       thickness);
      for (const auto& at : line) {
        if (lock == LockKind::RWMutex) {
          draw.AddCircleFilled(at, 0.22f * font, colour);
        } else {
          draw.AddRectFilled(ImVec2(at.x - 0.2f * font, at.y - 0.2f * font),
                             ImVec2(at.x + 0.2f * font, at.y + 0.2f * font), colour);
        }
      }
      if (!line.empty()) end_labels.push_back({line.back().y, colour, std::to_string(workers)});
    }
  }
  // Each line's worker count at its right end, pushed apart where lines end close together.
  std::sort(end_labels.begin(), end_labels.end(),
            [](const EndLabel& a, const EndLabel& b) { return a.y < b.y; });
  float next_free = -1e30f;
  const float label_x = x_of(x_to) + 0.4f * font;
  for (const auto& label : end_labels) {
    const float y = std::max(label.y - 0.5f * font, next_free);
    draw.AddText(ImVec2(label_x, y), label.colour, label.text.c_str());
    next_free = y + font;
  }

  if (nearest) {
    const ImVec2 at(x_of(nearest->reader_share), y_of(nearest->operations_per_second));
    draw.AddCircle(at, 0.45f * font, IM_COL32(255, 255, 255, 255), 0, 1.5f);
    ImGui::SetTooltip(
        "%s, %d workers (1 writer)\n%.1f %% of visits read (%d reads each, %d updates)\n"
        "%.0f operations per virtual second\ncontention %.1f %% of acquisitions waited\n"
        "lock wait p50 %.3f ms, p99 %.3f ms\n%.1f ms of virtual time",
        std::string(lock_kind_name(nearest->lock)).c_str(), nearest->workers,
        100.0 * nearest->actual_share, nearest->reads, nearest->updates,
        nearest->operations_per_second, 100.0 * nearest->contention, nearest->lock_wait_p50_ms,
        nearest->lock_wait_p99_ms, nearest->duration_ms);
  }

  // The legend: a swatch of each line's colour and mark, a row per lock.
  for (auto lock : settings_.locks) {
    ImGui::TextUnformatted(lock == LockKind::Mutex ? "mutex (squares):" : "rwmutex (dots):");
    for (std::size_t index = 0; index < worker_counts.size(); ++index) {
      if (shown_workers_ != 0 && shown_workers_ != worker_counts[index]) continue;
      // A new line where the entry would not fit beside the last (a phone's width).
      const auto label = std::to_string(worker_counts[index]) + " workers";
      const float entry =
          1.7f * font + ImGui::GetStyle().ItemSpacing.x * 2 + ImGui::CalcTextSize(label.c_str()).x;
      const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + entry;
      if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) {
        ImGui::SameLine();
      } else {
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + font);
      }
      const ImVec2 swatch = ImGui::GetCursorScreenPos();
      const float middle = swatch.y + ImGui::GetTextLineHeight() / 2;
      draw.AddLine(ImVec2(swatch.x, middle), ImVec2(swatch.x + 1.6f * font, middle),
                   line_colour(lock, index, worker_counts.size()), 2.5f);
      ImGui::Dummy(ImVec2(1.7f * font, ImGui::GetTextLineHeight()));
      ImGui::SameLine();
      ImGui::TextUnformatted(label.c_str());
    }
  }
  draw_reading();
}

// What the chart says, in one sentence from its own figures: RWMutex against mutex with the
// most workers, at the highest reader share and at the lowest.
void SweepPanel::draw_reading() const {
  const auto& settings = settings_;
  if (settings.workers.empty() || settings.reader_shares.empty()) return;
  const int workers = shown_workers_ != 0 ? shown_workers_ : settings.workers.back();
  const auto ratio = [&](int share) {
    double mutex = 0;
    double rwmutex = 0;
    for (const auto& point : points_) {
      if (point.workers != workers || point.reader_share != share) continue;
      if (point.lock == LockKind::Mutex) mutex = point.operations_per_second;
      if (point.lock == LockKind::RWMutex) rwmutex = point.operations_per_second;
    }
    return mutex > 0 ? rwmutex / mutex : 0.0;
  };
  const int high = settings.reader_shares.back();
  const int low = settings.reader_shares.front();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::Text(
      "With %d workers the RWMutex gets %.1f times the mutex's work done at %d %% reads, where "
      "readers share the board, and %.2f times at %d %%, where the writer's turns set the pace.",
      workers, ratio(high), high, ratio(low), low);
  ImGui::PopTextWrapPos();
}

}  // namespace racelab::ui
