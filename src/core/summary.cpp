#include "core/summary.hpp"

namespace racelab {

nlohmann::json to_json(const Summary& summary) {
  auto violations = nlohmann::json::array();
  for (const auto& violation : summary.violations) {
    violations.push_back({{"kind", violation.kind}, {"detail", violation.detail}});
  }
  return {
      {"scenario", summary.config.scenario},
      {"lock", lock_kind_name(summary.config.lock)},
      {"engine", engine_name(summary.config.engine)},
      {"workers", summary.config.workers},
      {"desks", summary.config.desks},
      {"desks_used", summary.desks_used},
      {"seed", summary.config.seed},
      {"think", summary.config.think_ms},
      {"params", summary.config.params},
      {"link", to_link(summary.config)},
      {"started", summary.started},
      {"finished", summary.finished},
      {"stopped", summary.stopped},
      {"verdict", summary.verdict},
      {"violations", violations},
      {"races", summary.races},
      {"metrics", summary.metrics},
      {"outcome", summary.outcome},
      {"deadlock", summary.deadlock},
  };
}

}  // namespace racelab
