// Google Benchmark: bulletin's work done on plain std::mutex and std::shared_mutex, with one OS
// thread per desk and no engine at all: the floor that racelab's threads engine is measured from.
// Each worker of the racelab run becomes a loop here. The writer rewrites the four sheets under
// the lock; each reader reads the four sheets under the lock (its read side for the shared mutex)
// and then writes its own tally. The operations counted are those racelab counts for the same
// run: 4 per rewrite, 5 per read.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <vector>

#include "bench/engine_workloads.hpp"
#include "bench/spread.hpp"
#include "core/desk_pool.hpp"

namespace {

constexpr int kSheets = 4;

struct Board {
  std::array<std::int64_t, kSheets> sheets{};
  std::vector<std::int64_t> tallies;  // per worker: reads done, torn ones in the high half
};

template <typename Lock, typename ReadGuard>
std::int64_t visit_board(Lock& lock, Board& board, int worker, int reads, int updates) {
  if (worker == 0) {
    for (int version = 1; version <= updates; ++version) {
      std::lock_guard guard(lock);
      for (auto& sheet : board.sheets)
        sheet = version;
    }
    return std::int64_t{kSheets} * updates;
  }
  std::int64_t torn = 0;
  for (int round = 1; round <= reads; ++round) {
    std::int64_t low, high;
    {
      ReadGuard guard(lock);
      low = high = board.sheets[0];
      for (int sheet = 1; sheet < kSheets; ++sheet) {
        low = std::min(low, board.sheets[sheet]);
        high = std::max(high, board.sheets[sheet]);
      }
    }
    torn += low != high;
    board.tallies[worker] = round + (torn << 32);
  }
  return std::int64_t{kSheets + 1} * reads;
}

template <typename Lock, typename ReadGuard>
void bulletin(benchmark::State& state, const racelab::RunConfig& config, racelab::DeskPool& desks) {
  const int reads = config.param("reads");
  const int updates = config.param("updates");
  std::int64_t operations = 0;
  for (auto _ : state) {
    Lock lock;
    Board board;
    board.tallies.assign(config.workers, 0);
    std::vector<std::int64_t> done(config.desks, 0);
    desks.dispatch(config.desks, [&](int desk) {
      for (int worker = desk; worker < config.workers; worker += config.desks) {
        done[desk] += visit_board<Lock, ReadGuard>(lock, board, worker, reads, updates);
      }
    });
    desks.wait_idle();
    for (const auto count : done)
      operations += count;
    benchmark::DoNotOptimize(board.tallies.data());
  }
  state.counters["ops_per_s"] =
      benchmark::Counter(static_cast<double>(operations), benchmark::Counter::kIsRate);
}

}  // namespace

int main(int argc, char** argv) {
  using racelab::LockKind;
  static racelab::DeskPool desks(4);
  for (const LockKind lock : {LockKind::Mutex, LockKind::RWMutex}) {
    for (const int desk_count : racelab::bench::kDeskCounts) {
      for (const int workers : racelab::bench::kWorkerCounts) {
        const auto config = racelab::bench::workload_config("bulletin", lock, desk_count, workers,
                                                            racelab::EngineKind::Threads);
        const auto name = "std/bulletin/" + std::string(racelab::lock_kind_name(lock)) +
                          "/desks=" + std::to_string(desk_count) +
                          "/workers=" + std::to_string(workers);
        auto* benchmark =
            benchmark::RegisterBenchmark(name.c_str(), [config, lock](benchmark::State& state) {
              if (lock == LockKind::Mutex) {
                bulletin<std::mutex, std::lock_guard<std::mutex>>(state, config, desks);
              } else {
                bulletin<std::shared_mutex, std::shared_lock<std::shared_mutex>>(state, config,
                                                                                 desks);
              }
            });
        racelab::bench::five_with_spread(benchmark);
      }
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
