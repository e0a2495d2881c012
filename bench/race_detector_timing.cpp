// The measurement of race_detector_bench.cpp without Google Benchmark, which has no WebAssembly
// build here: run under Node.js, it gives the WebAssembly figure. One JSON line per trace: events
// per second, the median, smallest and largest of five analyses.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "bench/bench_traces.hpp"
#include "core/race_detector.hpp"

// Keeps the analysis from being optimised away.
volatile std::size_t benchmark_sink = 0;

int main() {
  for (auto lock : {racelab::LockKind::None, racelab::LockKind::RWMutex}) {
    const auto input = racelab::bench::bulletin_trace(lock, 1'000'000);
    std::vector<double> rates;
    for (int repetition = 0; repetition < 5; ++repetition) {
      const auto start = std::chrono::steady_clock::now();
      const auto races = racelab::find_races(input.trace, input.workers, input.lock_kinds);
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
      rates.push_back(static_cast<double>(input.trace.size()) / took.count());
      benchmark_sink = races.size();
    }
    std::sort(rates.begin(), rates.end());
    std::printf(
        "{\"name\":\"race/%s\",\"events\":%zu,\"events_per_s\":{\"median\":%.6g,\"min\":%.6g,"
        "\"max\":%.6g}}\n",
        input.name.c_str(), input.trace.size(), rates[rates.size() / 2], rates.front(),
        rates.back());
  }
}
