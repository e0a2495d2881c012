// Google Benchmark: the race detector over traces of 1,000,000 events, with and without a lock.
// The counter is events analysed per second.

#include <benchmark/benchmark.h>

#include <algorithm>

#include "bench/bench_traces.hpp"
#include "bench/spread.hpp"
#include "core/race_detector.hpp"

namespace {

void analyse(benchmark::State& state, const racelab::bench::BenchTrace& input) {
  std::size_t races = 0;
  for (auto _ : state) {
    const auto found = racelab::find_races(input.trace, input.workers, input.lock_kinds);
    races = found.size();
    benchmark::DoNotOptimize(races);
  }
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * input.trace.size()), benchmark::Counter::kIsRate);
  state.counters["events"] = static_cast<double>(input.trace.size());
  state.counters["races"] = static_cast<double>(races);
}

}  // namespace

int main(int argc, char** argv) {
  static const auto none = racelab::bench::bulletin_trace(racelab::LockKind::None, 1'000'000);
  static const auto rw = racelab::bench::bulletin_trace(racelab::LockKind::RWMutex, 1'000'000);
  for (const auto* input : {&none, &rw}) {
    racelab::bench::five_with_spread(
        benchmark::RegisterBenchmark(("race/" + input->name).c_str(),
                                     [input](benchmark::State& state) { analyse(state, *input); }),
        0.5);
    ;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
