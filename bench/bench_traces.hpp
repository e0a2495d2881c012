#pragma once

// Traces for the benchmarks, made by the deterministic engine so that every platform measures
// the same events.

#include <string>

#include "core/config.hpp"
#include "core/run.hpp"

namespace racelab::bench {

struct BenchTrace {
  std::string name;
  Trace trace;
  int workers = 0;
  std::vector<LockKind> lock_kinds;
};

// The bulletin board with 32 workers reading until the trace holds at least `events` events.
inline BenchTrace bulletin_trace(LockKind lock, std::size_t events) {
  RunConfig config = RunConfig::for_scenario("bulletin");
  config.engine = EngineKind::Deterministic;
  config.lock = lock;
  config.workers = 32;
  config.think_ms = 1;
  config.params["updates"] = 200;
  // About 14 events a read with a lock, 10 without; ask for enough reads, then cut.
  config.params["reads"] = static_cast<int>(events / (config.workers - 1) / 9 + 1);
  auto run = start_run(config, nullptr);
  run->wait();
  BenchTrace result{
      "bulletin/" + std::string(lock_kind_name(lock)), run->trace(), config.workers, {}};
  if (result.trace.size() > events) result.trace.resize(events);
  if (lock != LockKind::None) result.lock_kinds = {lock};
  return result;
}

}  // namespace racelab::bench
