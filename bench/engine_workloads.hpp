#pragma once

// The engine workloads the benchmarks measure, the same natively and as WebAssembly: booking,
// bulletin at 99 % reads and pool, for each of their lock types, at 1, 2 and 4 desks and at 2, 64
// and 10,000 workers. Nobody thinks (think 0), so the figures are the engine's and the lock's, not
// the sleeps'.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/deterministic_run.hpp"
#include "core/run.hpp"
#include "core/scenario.hpp"

namespace racelab::bench {

struct EngineWorkload {
  std::string name;  // e.g. "threads/bulletin/rwmutex/desks=4/workers=64"
  RunConfig config;
};

inline constexpr int kDeskCounts[] = {1, 2, 4};
inline constexpr int kWorkerCounts[] = {2, 64, 10'000};
inline constexpr const char* kScenarios[] = {"booking", "bulletin", "pool"};

// Bulletin with one writer and readers doing 99 % of the board's visits: about 20,000 reads in
// all (at least 2 per reader), and a rewrite for every 99 of them.
inline void set_ninety_nine_percent_reads(RunConfig& config) {
  const int readers = config.workers - 1;
  const int reads = std::clamp(20'000 / readers, 2, 10'000);
  const int updates = std::clamp((readers * reads + 49) / 99, 1, 1000);
  config.params["reads"] = reads;
  config.params["updates"] = updates;
}

inline RunConfig workload_config(const std::string& scenario, LockKind lock, int desks, int workers,
                                 EngineKind engine) {
  RunConfig config = RunConfig::for_scenario(scenario);
  config.engine = engine;
  config.lock = lock;
  config.desks = desks;
  config.workers = workers;
  config.think_ms = 0;
  config.seed = 1;
  if (scenario == "bulletin") set_ninety_nine_percent_reads(config);
  return config;
}

inline std::string workload_name(const RunConfig& config) {
  std::string name = config.engine == EngineKind::Threads ? "threads/" : "deterministic/";
  name += config.scenario + "/" + std::string(lock_kind_name(config.lock));
  if (config.engine == EngineKind::Threads) name += "/desks=" + std::to_string(config.desks);
  return name + "/workers=" + std::to_string(config.workers);
}

// The threads engine: every scenario × lock × desks × workers.
inline std::vector<EngineWorkload> threads_workloads() {
  std::vector<EngineWorkload> workloads;
  for (const char* scenario : kScenarios) {
    for (const LockKind lock : find_scenario(scenario)->locks) {
      for (const int desks : kDeskCounts) {
        for (const int workers : kWorkerCounts) {
          auto config = workload_config(scenario, lock, desks, workers, EngineKind::Threads);
          workloads.push_back({workload_name(config), config});
        }
      }
    }
  }
  return workloads;
}

// The deterministic engine runs on the calling thread: desks do not apply.
inline std::vector<EngineWorkload> deterministic_workloads() {
  std::vector<EngineWorkload> workloads;
  for (const char* scenario : kScenarios) {
    const LockKind lock = scenario == std::string("bulletin") ? LockKind::RWMutex : LockKind::Mutex;
    for (const int workers : kWorkerCounts) {
      auto config = workload_config(scenario, lock, 1, workers, EngineKind::Deterministic);
      workloads.push_back({workload_name(config), config});
    }
  }
  return workloads;
}

// What one run did: its operations (the engine's count: memory accesses and spin tries), its
// scheduling steps (deterministic engine only) and its wall time, start to end.
struct Measured {
  std::int64_t operations = 0;
  std::int64_t steps = 0;
  double seconds = 0.0;
};

// Runs the workload once on `desks` (threads engine) or on this thread (deterministic, one
// step() at a time so the steps can be counted).
inline Measured run_once(const RunConfig& config, DeskPool& desks) {
  using Clock = std::chrono::steady_clock;
  Measured measured;
  const auto start = Clock::now();
  auto run = start_run(config, &desks);
  if (auto* deterministic = dynamic_cast<DeterministicRun*>(run.get())) {
    while (deterministic->step())
      ++measured.steps;
  } else {
    run->wait();
  }
  measured.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  measured.operations = run->operations();
  return measured;
}

}  // namespace racelab::bench
