// The engine workloads of engine_bench.cpp without Google Benchmark, which has no WebAssembly build
// here: run under Node.js, it gives the WebAssembly figures. Like Google Benchmark, each of five
// repetitions runs the workload again until 50 ms have passed; the line per workload gives the
// median, smallest and largest rate of the five, as JSON.

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/engine_workloads.hpp"

namespace {

struct Rates {
  double operations;
  double steps;
};

Rates repetition(const racelab::RunConfig& config, racelab::DeskPool& desks) {
  racelab::bench::Measured total;
  while (total.seconds < 0.05) {
    const auto measured = racelab::bench::run_once(config, desks);
    total.operations += measured.operations;
    total.steps += measured.steps;
    total.seconds += measured.seconds;
  }
  return {static_cast<double>(total.operations) / total.seconds,
          static_cast<double>(total.steps) / total.seconds};
}

std::string spread(std::vector<double> rates) {
  std::sort(rates.begin(), rates.end());
  char text[160];
  std::snprintf(text, sizeof text, "{\"median\":%.6g,\"min\":%.6g,\"max\":%.6g}",
                rates[rates.size() / 2], rates.front(), rates.back());
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  // An optional argument keeps only the workloads whose names contain it.
  const std::string only = argc > 1 ? argv[1] : "";
  racelab::DeskPool desks(4);
  auto workloads = racelab::bench::deterministic_workloads();
  const auto threaded = racelab::bench::threads_workloads();
  workloads.insert(workloads.end(), threaded.begin(), threaded.end());
  for (const auto& workload : workloads) {
    if (workload.name.find(only) == std::string::npos) continue;
    std::vector<double> operations;
    std::vector<double> steps;
    for (int i = 0; i < 5; ++i) {
      const auto rates = repetition(workload.config, desks);
      operations.push_back(rates.operations);
      steps.push_back(rates.steps);
    }
    std::printf("{\"name\":\"%s\",\"ops_per_s\":%s", workload.name.c_str(),
                spread(operations).c_str());
    if (steps.front() > 0) std::printf(",\"steps_per_s\":%s", spread(steps).c_str());
    std::printf("}\n");
    std::fflush(stdout);
  }
}
