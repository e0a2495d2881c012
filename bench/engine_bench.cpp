// Google Benchmark: racelab's engines on the workloads of engine_workloads.hpp. Each benchmark is
// one whole run (start to the last worker done) per iteration; the counters are operations per
// second (both engines) and scheduling steps per second (the deterministic engine), over real time.

#include <benchmark/benchmark.h>

#include "bench/engine_workloads.hpp"
#include "bench/spread.hpp"

namespace {

void measure(benchmark::State& state, const racelab::RunConfig& config, racelab::DeskPool& desks) {
  std::int64_t operations = 0;
  std::int64_t steps = 0;
  for (auto _ : state) {
    const auto measured = racelab::bench::run_once(config, desks);
    operations += measured.operations;
    steps += measured.steps;
  }
  state.counters["ops_per_s"] =
      benchmark::Counter(static_cast<double>(operations), benchmark::Counter::kIsRate);
  if (steps > 0) {
    state.counters["steps_per_s"] =
        benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
  }
}

}  // namespace

int main(int argc, char** argv) {
  static racelab::DeskPool desks(4);
  auto workloads = racelab::bench::deterministic_workloads();
  const auto threaded = racelab::bench::threads_workloads();
  workloads.insert(workloads.end(), threaded.begin(), threaded.end());
  for (const auto& workload : workloads) {
    racelab::bench::five_with_spread(benchmark::RegisterBenchmark(
        workload.name.c_str(),
        [config = workload.config](benchmark::State& state) { measure(state, config, desks); }));
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
