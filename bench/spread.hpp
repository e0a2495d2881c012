#pragma once

// How every Google Benchmark figure of racelab is taken: wall time, five repetitions of at least
// `min_seconds`, and only their median, smallest and largest reported (bench/report.mjs reads
// these three).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <vector>

namespace racelab::bench {

inline double smallest(const std::vector<double>& values) {
  return *std::min_element(values.begin(), values.end());
}
inline double largest(const std::vector<double>& values) {
  return *std::max_element(values.begin(), values.end());
}

inline benchmark::internal::Benchmark* five_with_spread(benchmark::internal::Benchmark* benchmark,
                                                        double min_seconds = 0.05) {
  return benchmark->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->MinTime(min_seconds)
      ->Repetitions(5)
      ->ReportAggregatesOnly(true)
      ->ComputeStatistics("min", smallest)
      ->ComputeStatistics("max", largest);
}

}  // namespace racelab::bench
