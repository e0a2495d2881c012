// Every scenario with every lock type, on both engines: correct locks keep the invariant over many
// seeds and runs; no lock breaks it, and the deterministic engine finds a seed that shows it.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/deterministic_run.hpp"
#include "core/names.hpp"
#include "core/run.hpp"
#include "core/scenario.hpp"

namespace racelab {
namespace {

struct Case {
  std::string scenario;
  LockKind lock;
};

std::string case_name(const testing::TestParamInfo<Case>& info) {
  auto name = info.param.scenario + "_" + std::string(lock_kind_name(info.param.lock));
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

// Settings that keep each run short: a millisecond of thinking, fewer rounds.
RunConfig quick(const std::string& scenario, LockKind lock, int workers) {
  RunConfig config = RunConfig::for_scenario(scenario);
  config.lock = lock;
  config.workers = workers;
  config.think_ms = 1;
  if (config.params.count("reads")) config.params["reads"] = 4;
  if (config.params.count("updates")) config.params["updates"] = 3;
  if (config.params.count("rounds")) config.params["rounds"] = 4;
  // The deadlock scenarios' invariant is that everyone gets through: with the cause removed.
  if (config.params.count("fixed")) config.params["fixed"] = 1;
  return config;
}

std::vector<Case> guarded_cases() {
  std::vector<Case> cases;
  for (const auto& spec : scenarios()) {
    for (auto lock : spec.locks) {
      if (lock != LockKind::None) cases.push_back({std::string(spec.name), lock});
    }
  }
  return cases;
}

class GuardedScenario : public testing::TestWithParam<Case> {};

TEST_P(GuardedScenario, InvariantHoldsOverAThousandDeterministicSeeds) {
  const auto& [scenario, lock] = GetParam();
  for (int workers : {2, 7}) {
    for (std::uint64_t seed = 0; seed < 1000; ++seed) {
      auto config = quick(scenario, lock, workers);
      config.engine = EngineKind::Deterministic;
      config.seed = seed;
      const auto run = start_run(config, nullptr);
      run->wait();
      const auto summary = run->summary();
      ASSERT_TRUE(summary.finished);
      ASSERT_EQ(run->workers_done(), workers);
      ASSERT_TRUE(summary.violations.empty())
          << "seed " << seed << ", " << workers << " workers: " << summary.violations[0].detail;
      ASSERT_TRUE(summary.races.empty())
          << "seed " << seed << ", " << workers << " workers: " << summary.races[0]["explanation"];
    }
  }
}

TEST_P(GuardedScenario, InvariantHoldsOverFiftyThreadedRuns) {
  const auto& [scenario, lock] = GetParam();
  DeskPool pool(3);
  for (int run_index = 0; run_index < 50; ++run_index) {
    const int workers = run_index % 2 == 0 ? 2 : 6;
    auto config = quick(scenario, lock, workers);
    config.desks = 1 + run_index % 3;
    const auto run = start_run(config, &pool);
    run->wait();
    const auto summary = run->summary();
    ASSERT_TRUE(summary.finished);
    ASSERT_EQ(run->workers_done(), workers);
    ASSERT_TRUE(summary.violations.empty())
        << "run " << run_index << ", " << workers << " workers on " << config.desks
        << " desks: " << summary.violations[0].detail;
    ASSERT_TRUE(summary.races.empty())
        << "run " << run_index << ": " << summary.races[0]["explanation"];
  }
}

INSTANTIATE_TEST_SUITE_P(EveryLock, GuardedScenario, testing::ValuesIn(guarded_cases()), case_name);

class UnguardedScenario : public testing::TestWithParam<std::string> {};

TEST_P(UnguardedScenario, DeterministicEngineFindsAViolationWithinAHundredSeeds) {
  for (std::uint64_t seed = 0; seed < 100; ++seed) {
    auto config = RunConfig::for_scenario(GetParam());
    config.engine = EngineKind::Deterministic;
    config.seed = seed;
    const auto run = start_run(config, nullptr);
    run->wait();
    const auto summary = run->summary();
    if (!summary.violations.empty()) {
      RecordProperty("first_failing_seed", std::to_string(seed));
      std::cout << "[ seed     ] " << GetParam() << " breaks at seed " << seed << ": "
                << summary.violations[0].detail << "\n";
      return;
    }
  }
  FAIL() << "no violation of " << GetParam() << " in the first 100 seeds";
}

TEST_P(UnguardedScenario, TheRaceDetectorSeesItOnBothEngines) {
  DeskPool pool(2);
  for (auto engine : {EngineKind::Deterministic, EngineKind::Threads}) {
    auto config = RunConfig::for_scenario(GetParam());
    config.engine = engine;
    config.desks = 2;
    const auto run = start_run(config, &pool);
    run->wait();
    const auto summary = run->summary();
    ASSERT_FALSE(summary.races.empty()) << GetParam() << " on " << engine_name(engine);
    const auto& race = summary.races[0];
    EXPECT_NE(race["current"]["worker"], race["previous"]["worker"]);
    EXPECT_TRUE(race["kind"] == "read/write" || race["kind"] == "write/write");
    EXPECT_FALSE(race["explanation"].get<std::string>().empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Defaults, UnguardedScenario,
                         testing::Values("booking", "flash-sale", "ledger", "bulletin", "pool",
                                         "cache"),
                         [](const testing::TestParamInfo<std::string>& info) {
                           auto name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(RaceReports, ANearMissIsStillARace) {
  // Without thinking, some interleavings let Alice write 10:00 before Bob looks: nobody is
  // double-booked, yet nothing ordered Bob's look after Alice's write. The camera saw it.
  for (std::uint64_t seed = 0; seed < 100; ++seed) {
    auto config = RunConfig::for_scenario("booking");
    config.engine = EngineKind::Deterministic;
    config.think_ms = 0;
    config.seed = seed;
    const auto run = start_run(config, nullptr);
    run->wait();
    const auto summary = run->summary();
    if (!summary.violations.empty()) continue;
    ASSERT_FALSE(summary.races.empty()) << "seed " << seed;
    EXPECT_EQ(summary.verdict.rfind("Race seen, data survived this time", 0), 0u)
        << summary.verdict;
    std::cout << "[ near miss] seed " << seed << ": " << summary.races[0]["explanation"] << "\n";
    return;
  }
  FAIL() << "no seed kept the calendar intact";
}

// Regression: with every worker a writer, the verdict spoke of a map read that nobody made.
TEST(CacheVerdict, WhenEveryWorkerWritesTheClashIsConcurrentMapWrites) {
  for (std::uint64_t seed = 0; seed < 100; ++seed) {
    auto config = quick("cache", LockKind::None, 3);
    config.params["writers"] = 3;
    config.engine = EngineKind::Deterministic;
    config.seed = seed;
    const auto run = start_run(config, nullptr);
    run->wait();
    const auto summary = run->summary();
    if (summary.violations.empty()) continue;
    EXPECT_EQ(summary.verdict.rfind("fatal error: concurrent map writes.", 0), 0u)
        << summary.verdict;
    for (const auto& violation : summary.violations)
      EXPECT_EQ(violation.kind, "concurrent map writes");
    return;
  }
  FAIL() << "no seed made two writes clash";
}

// Regression: the floor view kept the last worker picked at the desk once everyone was done.
TEST(Seated, AFinishedRunSeatsNobodyOnEitherEngine) {
  DeskPool pool(2);
  for (const auto& spec : scenarios()) {
    for (auto engine : {EngineKind::Deterministic, EngineKind::Threads}) {
      auto config = quick(std::string(spec.name), LockKind::None, 3);
      config.engine = engine;
      config.desks = 2;
      const auto run = start_run(config, &pool);
      run->wait();
      ASSERT_TRUE(run->finished());
      for (int desk = 0; desk < run->desks(); ++desk) {
        EXPECT_EQ(run->seated(desk), -1)
            << spec.name << " on " << engine_name(engine) << ", desk " << desk;
      }
    }
  }
}

TEST(Determinism, SameSeedGivesTheSameTraceAndSummary) {
  for (const auto& spec : scenarios()) {
    for (auto lock : spec.locks) {
      auto config = RunConfig::for_scenario(spec.name);
      config.engine = EngineKind::Deterministic;
      config.lock = lock;
      config.seed = 42;
      auto first = start_run(config, nullptr);
      auto second = start_run(config, nullptr);
      first->wait();
      second->wait();
      EXPECT_EQ(trace_hash(first->trace()), trace_hash(second->trace())) << spec.name;
      EXPECT_EQ(to_json(first->summary()), to_json(second->summary())) << spec.name;
    }
  }
}

TEST(Determinism, OtherSeedsGiveOtherInterleavings) {
  std::set<std::uint64_t> hashes;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    auto config = RunConfig::for_scenario("bulletin");
    config.engine = EngineKind::Deterministic;
    config.seed = seed;
    auto run = start_run(config, nullptr);
    run->wait();
    hashes.insert(trace_hash(run->trace()));
  }
  EXPECT_GT(hashes.size(), 15u);
}

TEST(Determinism, AStepByStepReplayEndsInTheSameInterleaving) {
  auto config = RunConfig::for_scenario("ledger");
  config.engine = EngineKind::Deterministic;
  config.seed = 9;
  DeterministicRun whole(config, find_scenario("ledger")->make(config));
  int steps = 0;
  while (whole.step())
    ++steps;
  auto paced = start_run(config, nullptr);
  int calls = 0;
  while (!paced->finished()) {
    paced->advance(1000.0, 1);  // one scheduling step, however long the budget
    ASSERT_LT(++calls, 10'000) << "the paced run never ended";
  }
  // One step per call: as many calls as the whole run made steps (and the one that ended it).
  EXPECT_GT(steps, 5);
  EXPECT_EQ(calls, steps + 1);
  EXPECT_EQ(trace_hash(paced->trace()), trace_hash(whole.trace()));
  EXPECT_EQ(to_json(paced->summary()), to_json(whole.summary()));
}

TEST(TraceLimit, ARunThatWouldOutgrowTheTraceStopsAndSaysWhy) {
  // 200 readers of 10,000 reads each: about ten million events.
  auto config = RunConfig::for_scenario("bulletin");
  config.engine = EngineKind::Deterministic;
  config.workers = 200;
  config.think_ms = 0;
  config.params["reads"] = 10'000;
  auto run = start_run(config, nullptr);
  run->wait();
  EXPECT_TRUE(run->trace_full());
  EXPECT_LT(run->trace().size(), Run::kMaxEvents + 10'000);
  const auto summary = run->summary();
  EXPECT_TRUE(summary.stopped);
  EXPECT_EQ(summary.verdict.rfind("Stopped at 3 million events", 0), 0u) << summary.verdict;
}

// The floor says how many reads were torn of how many, not how many readers saw one.
TEST(Outcome, TheBoardCountsItsTornReadsAsTheVerdictDoes) {
  auto config = RunConfig::for_scenario("bulletin");
  config.engine = EngineKind::Deterministic;
  config.lock = LockKind::None;
  config.seed = 3;
  auto run = start_run(config, nullptr);
  run->wait();
  const auto summary = run->summary();
  ASSERT_FALSE(summary.violations.empty());
  const auto torn = summary.outcome["torn"].get<std::int64_t>();
  const auto reads = summary.outcome["reads"].get<std::int64_t>();
  EXPECT_GT(torn, static_cast<std::int64_t>(summary.violations.size()));
  EXPECT_EQ(
      summary.verdict.rfind(std::to_string(torn) + " of " + std::to_string(reads) + " reads", 0),
      0u)
      << summary.verdict;
}

TEST(Queueing, ReadersAndWritersWaitInTheirOwnLines) {
  // Many readers and one writer on the RWMutex: at some step a reader queues to read, and at
  // some step the writer queues to write.
  auto config = RunConfig::for_scenario("bulletin");
  config.engine = EngineKind::Deterministic;
  config.lock = LockKind::RWMutex;
  config.workers = 8;
  config.think_ms = 0;
  DeterministicRun run(config, find_scenario("bulletin")->make(config));
  bool reader_waited = false;
  bool writer_waited = false;
  while (run.step()) {
    for (int worker = 0; worker < config.workers; ++worker) {
      if (run.activity(worker) != Activity::Queueing) continue;
      if (run.waiting_for(worker) == Waiting::LockToRead) reader_waited = true;
      if (run.waiting_for(worker) == Waiting::Lock) writer_waited = true;
    }
  }
  EXPECT_TRUE(reader_waited);
  EXPECT_TRUE(writer_waited);
}

TEST(Holding, TheFloorSeesReadersShareTheBoardAndTheWriterAlone) {
  // At every step of an RWMutex run: several may hold the read side, the write side is held by
  // one worker with no reader beside it; and at the end nobody holds anything.
  auto config = RunConfig::for_scenario("bulletin");
  config.engine = EngineKind::Deterministic;
  config.lock = LockKind::RWMutex;
  config.workers = 8;
  config.think_ms = 0;
  DeterministicRun run(config, find_scenario("bulletin")->make(config));
  int most_readers = 0;
  bool writer_seen = false;
  while (run.step()) {
    int readers = 0;
    int writers = 0;
    for (int worker = 0; worker < config.workers; ++worker) {
      readers += run.holding(worker) == Holding::Shared;
      writers += run.holding(worker) == Holding::Exclusive;
    }
    ASSERT_LE(writers, 1);
    ASSERT_TRUE(writers == 0 || readers == 0) << readers << " readers beside the writer";
    most_readers = std::max(most_readers, readers);
    writer_seen = writer_seen || writers == 1;
  }
  EXPECT_GE(most_readers, 2);
  EXPECT_TRUE(writer_seen);
  for (int worker = 0; worker < config.workers; ++worker) {
    EXPECT_EQ(run.holding(worker), Holding::Nothing) << worker_name(worker);
  }
}

TEST(Holding, WithoutALockNobodyHoldsOne) {
  auto config = RunConfig::for_scenario("booking");
  config.engine = EngineKind::Deterministic;
  config.lock = LockKind::None;
  config.workers = 4;
  DeterministicRun run(config, find_scenario("booking")->make(config));
  while (run.step()) {
    for (int worker = 0; worker < config.workers; ++worker) {
      ASSERT_EQ(run.holding(worker), Holding::Nothing);
    }
  }
}

// A verdict about one read says "read", not "reads" (it once said "All 1 reads saw...").
TEST(Verdicts, CountOneInTheSingular) {
  auto board = RunConfig::for_scenario("bulletin");
  board.engine = EngineKind::Deterministic;
  board.lock = LockKind::Mutex;
  board.workers = 2;  // the writer and one reader
  board.params["reads"] = 1;
  auto run = start_run(board, nullptr);
  run->wait();
  EXPECT_EQ(run->summary().verdict, "The one read saw one whole version of the notice.");

  auto map = RunConfig::for_scenario("cache");
  map.engine = EngineKind::Deterministic;
  map.lock = LockKind::Mutex;
  map.workers = 2;  // one writer, one reader
  map.params["writers"] = 1;
  map.params["rounds"] = 1;
  run = start_run(map, nullptr);
  run->wait();
  EXPECT_EQ(run->summary().verdict.rfind("No clash: 1 read and 1 write, never", 0), 0u)
      << run->summary().verdict;
}

TEST(Determinism, UsesVirtualTime) {
  auto config = RunConfig::for_scenario("booking");
  config.engine = EngineKind::Deterministic;
  config.think_ms = 2000;
  auto run = start_run(config, nullptr);
  run->wait();
  // Two seconds of thinking in virtual time, no real waiting.
  EXPECT_GE(run->elapsed_ms(), 2000.0);
  EXPECT_LT(run->elapsed_ms(), 2001.0);
}

TEST(Metrics, SummaryCarriesThroughputWaitsAndTimes) {
  auto config = RunConfig::for_scenario("bulletin");
  config.engine = EngineKind::Deterministic;
  config.lock = LockKind::RWMutex;
  auto run = start_run(config, nullptr);
  run->wait();
  const auto metrics = to_json(run->summary())["metrics"];
  EXPECT_GT(metrics["operations"].get<int>(), 0);
  EXPECT_GT(metrics["operations_per_second"].get<double>(), 0.0);
  EXPECT_GT(metrics["lock_acquisitions"].get<int>(), 0);
  EXPECT_GE(metrics["lock_wait_p99_ms"].get<double>(), metrics["lock_wait_p50_ms"].get<double>());
  EXPECT_EQ(metrics["per_worker"].size(), 6u);
  EXPECT_GT(metrics["time_ms"]["thinking"].get<double>(), 0.0);
  EXPECT_EQ(metrics["trace_hash"].get<std::string>().size(), 16u);
}

}  // namespace
}  // namespace racelab
