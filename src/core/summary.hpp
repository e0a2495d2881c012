#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/config.hpp"

namespace racelab {

// One broken invariant, e.g. {"double-booking", "Alice and Bob both hold 10:00"}.
struct Violation {
  std::string kind;
  std::string detail;
};

// What the CLI prints with --json and what the page's state() returns: the schema of DESIGN.md.
struct Summary {
  RunConfig config;  // as asked: its desks are the link's and the JSON's `desks`
  // The desk threads the engine ran the workers on (`desks_used`): config.desks on the threads
  // engine, 1 on the deterministic one, whatever the link says (it keeps its desks for the
  // threads engine).
  int desks_used = 0;
  bool started = false;
  bool finished = false;
  bool stopped = false;  // the visitor stopped the run before every worker was done
  std::string verdict;
  std::vector<Violation> violations;
  nlohmann::json races = nlohmann::json::array();  // what the race detector saw
  nlohmann::json metrics = nlohmann::json::object();
  nlohmann::json outcome = nlohmann::json::object();
  // When nobody could move: {"cycle": [{"worker", "waits_for", "lock"}...], "stuck": [names]}.
  nlohmann::json deadlock = nullptr;
};

nlohmann::json to_json(const Summary& summary);

}  // namespace racelab
