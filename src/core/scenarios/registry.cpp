#include "core/scenarios/registry.hpp"

#include <algorithm>

namespace racelab {

bool ScenarioSpec::allows(LockKind kind) const {
  return std::find(locks.begin(), locks.end(), kind) != locks.end();
}

const ParamSpec* ScenarioSpec::param(std::string_view key) const {
  for (const auto& spec : params) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

const std::vector<ScenarioSpec>& scenarios() {
  static const std::vector<ScenarioSpec> all = {
      booking_spec(), flash_sale_spec(), ledger_spec(), bulletin_spec(),   pool_spec(),
      cache_spec(),   abba_spec(),       rwr_spec(),    double_lock_spec()};
  return all;
}

const ScenarioSpec* find_scenario(std::string_view name) {
  for (const auto& spec : scenarios()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::string scenario_list() {
  std::string list;
  for (const auto& spec : scenarios()) {
    if (!list.empty()) list += ", ";
    list += spec.name;
  }
  return list;
}

}  // namespace racelab
