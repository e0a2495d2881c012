#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/race_detector.hpp"
#include "core/scenario.hpp"

namespace racelab {

// "write/write" or "read/write".
std::string race_kind(const RaceReport& report);

// One sentence in the coworking words: "Bob wrote the 10:00 slot while Alice's read of it was not
// ordered before: no receptionist between them."
std::string race_explanation(const RaceReport& report, const ScenarioRun& scenario);

// The report in the layout people know from Go's race detector.
std::string race_report_text(const RaceReport& report, const ScenarioRun& scenario);

// The summary's `races` entry: kind, field, both accesses, count, explanation.
nlohmann::json race_report_json(const RaceReport& report, const ScenarioRun& scenario);

}  // namespace racelab
