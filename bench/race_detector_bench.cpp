// Google Benchmark: the race detector over traces of 1,000,000 events. Prints events per second.

#include <benchmark/benchmark.h>

#include "bench/bench_traces.hpp"
#include "core/race_detector.hpp"

namespace {

void analyse(benchmark::State& state, racelab::LockKind lock) {
  static const auto none = racelab::bench::bulletin_trace(racelab::LockKind::None, 1'000'000);
  static const auto rw = racelab::bench::bulletin_trace(racelab::LockKind::RWMutex, 1'000'000);
  const auto& input = lock == racelab::LockKind::None ? none : rw;
  std::size_t races = 0;
  for (auto _ : state) {
    const auto found = racelab::find_races(input.trace, input.workers, input.lock_kinds);
    races = found.size();
    benchmark::DoNotOptimize(races);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * input.trace.size()));
  state.counters["events"] = static_cast<double>(input.trace.size());
  state.counters["races"] = static_cast<double>(races);
}

void BM_RaceDetector_BulletinNoLock(benchmark::State& state) {
  analyse(state, racelab::LockKind::None);
}
void BM_RaceDetector_BulletinRWMutex(benchmark::State& state) {
  analyse(state, racelab::LockKind::RWMutex);
}

BENCHMARK(BM_RaceDetector_BulletinNoLock)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_RaceDetector_BulletinRWMutex)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
