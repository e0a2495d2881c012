// The run's figures: throughput, lock waits and where the workers' time went.

#include <imgui.h>

#include "core/names.hpp"
#include "ui/views.hpp"

namespace racelab::ui {

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

  const bool virtual_time = summary.config.engine == EngineKind::Deterministic;
  if (ImGui::BeginTable("figures", 2, ImGuiTableFlags_SizingFixedFit)) {
    row("operations", "%.0f", number(metrics, "operations"));
    row(virtual_time ? "operations per virtual second" : "operations per second", "%.0f",
        number(metrics, "operations_per_second"));
    row("lock acquisitions", "%.0f", number(metrics, "lock_acquisitions"));
    row("lock wait, median", "%.3f ms", number(metrics, "lock_wait_p50_ms"));
    row("lock wait, 99th percentile", "%.3f ms", number(metrics, "lock_wait_p99_ms"));
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
