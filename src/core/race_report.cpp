#include "core/race_report.hpp"

#include <cstdio>

#include "core/names.hpp"

namespace racelab {

namespace {

std::string milliseconds(std::int64_t time_ns) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f ms", static_cast<double>(time_ns) / 1e6);
  return text;
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

nlohmann::json access_json(const RaceAccess& access, const ScenarioRun& scenario) {
  return {{"worker", worker_name(access.worker)},
          {"access", access.write ? "write" : "read"},
          {"step", access.step},
          {"step_label", scenario.step_label(access.worker, access.step)},
          {"time_ms", static_cast<double>(access.time_ns) / 1e6}};
}

}  // namespace

std::string race_kind(const RaceReport& report) {
  return report.write_write() ? "write/write" : "read/write";
}

std::string race_explanation(const RaceReport& report, const ScenarioRun& scenario) {
  const auto current = worker_name(report.current.worker);
  const auto previous = worker_name(report.previous.worker);
  const auto field = scenario.field_label(report.field);
  const std::string verb = report.current.write ? " wrote " : " read ";
  const std::string earlier = report.previous.write ? "'s write to it" : "'s read of it";
  return current + verb + field + " while " + previous + earlier +
         " was not ordered before: no receptionist between them.";
}

std::string race_report_text(const RaceReport& report, const ScenarioRun& scenario) {
  const auto field = scenario.field_label(report.field);
  auto side = [&](const RaceAccess& access, const char* prefix) {
    return std::string(prefix) + (access.write ? "write" : "read") + " of " + field + " by " +
           worker_name(access.worker) + ":\n  step " + std::to_string(access.step) + " (" +
           scenario.step_label(access.worker, access.step) + ") at " +
           milliseconds(access.time_ns) + "\n";
  };
  std::string text = "==================\nWARNING: DATA RACE (" + race_kind(report) + ")\n";
  text += capitalised(side(report.current, ""));
  text += "\n" + side(report.previous, "Previous ");
  text += "\n" + race_explanation(report, scenario) + "\n";
  if (report.count > 1) text += "(the same pair " + std::to_string(report.count) + " times)\n";
  text += "==================\n";
  return text;
}

nlohmann::json race_report_json(const RaceReport& report, const ScenarioRun& scenario) {
  return {{"kind", race_kind(report)},
          {"field", report.field},
          {"resource", scenario.field_label(report.field)},
          {"current", access_json(report.current, scenario)},
          {"previous", access_json(report.previous, scenario)},
          {"count", report.count},
          {"explanation", race_explanation(report, scenario)}};
}

}  // namespace racelab
