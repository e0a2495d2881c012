// The same measurement as race_detector_bench.cpp without Google Benchmark, which has no
// WebAssembly build here: run under Node.js, it gives the WebAssembly figure.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "bench/bench_traces.hpp"
#include "core/race_detector.hpp"

int main() {
  for (auto lock : {racelab::LockKind::None, racelab::LockKind::RWMutex}) {
    const auto input = racelab::bench::bulletin_trace(lock, 1'000'000);
    std::vector<double> seconds;
    std::size_t races = 0;
    for (int repetition = 0; repetition < 5; ++repetition) {
      const auto start = std::chrono::steady_clock::now();
      races = racelab::find_races(input.trace, input.workers, input.lock_kinds).size();
      seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    std::printf("%-22s events=%zu races=%zu median=%.1f ms (min %.1f, max %.1f) events/s=%.3g\n",
                input.name.c_str(), input.trace.size(), races, median * 1e3, seconds.front() * 1e3,
                seconds.back() * 1e3, static_cast<double>(input.trace.size()) / median);
  }
}
