#include "core/threads_run.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "core/booking.hpp"

namespace racelab {
namespace {

RunConfig booking(int workers, LockKind lock, int think_ms, int desks) {
  RunConfig config;
  config.workers = workers;
  config.lock = lock;
  config.think_ms = think_ms;
  config.desks = desks;
  return config;
}

std::unique_ptr<Run> finished_run(const RunConfig& config, DeskPool& pool) {
  auto run = start_run(config, &pool);
  run->wait();
  return run;
}

TEST(ThreadsRun, WithoutALockTwoWorkersDoubleBookNearlyEveryRun) {
  constexpr int kRuns = 20;
  DeskPool pool(2);
  int double_booked = 0;
  for (int run_index = 0; run_index < kRuns; ++run_index) {
    const auto run = finished_run(booking(2, LockKind::None, 5, 2), pool);
    const auto summary = run->summary();
    ASSERT_TRUE(summary.finished);
    if (!summary.violations.empty()) {
      ++double_booked;
      EXPECT_EQ(summary.violations[0].detail, "Alice and Bob both hold 10:00");
    }
  }
  EXPECT_GE(double_booked, kRuns - 2) << "only " << double_booked << " of " << kRuns;
}

TEST(ThreadsRun, OnOneDeskTheThinkTimeStillOpensTheWindow) {
  // Workers park while they think, so even a single desk interleaves them.
  DeskPool pool(1);
  const auto run = finished_run(booking(2, LockKind::None, 5, 1), pool);
  EXPECT_EQ(run->summary().violations.size(), 1u);
}

TEST(ThreadsRun, WithTheMutexNoSlotIsEverDoubleBooked) {
  // 200 runs over 2 … 16 workers and 1 … 4 desks: nobody shares a slot, the first nine get one.
  DeskPool pool(4);
  for (int run_index = 0; run_index < 200; ++run_index) {
    const int workers = 2 + run_index % 15;
    const int desks = 1 + run_index % 4;
    const auto run = finished_run(booking(workers, LockKind::Mutex, 1, desks), pool);
    const auto summary = run->summary();
    ASSERT_TRUE(summary.finished);
    ASSERT_TRUE(summary.violations.empty()) << summary.verdict;

    const auto page = calendar_page(run->memory(), workers);
    std::set<int> holders;
    int booked_slots = 0;
    for (const auto& names : page) {
      ASSERT_LE(names.size(), 1u);
      booked_slots += static_cast<int>(names.size());
      holders.insert(names.begin(), names.end());
    }
    ASSERT_EQ(booked_slots, std::min(workers, kSlotCount)) << "workers " << workers;
    ASSERT_EQ(static_cast<int>(holders.size()), booked_slots);
  }
}

TEST(ThreadsRun, MutexHandsOutSlotsInPreferenceOrder) {
  DeskPool pool(3);
  const auto run = finished_run(booking(3, LockKind::Mutex, 0, 3), pool);
  const auto page = calendar_page(run->memory(), 3);
  EXPECT_EQ(page[1].size(), 1u);  // 10:00
  EXPECT_EQ(page[2].size(), 1u);  // 11:00
  EXPECT_EQ(page[3].size(), 1u);  // 12:00
  EXPECT_TRUE(page[0].empty());
}

TEST(ThreadsRun, TraceRecordsEachWorkersLookThinkAndWrite) {
  DeskPool pool(2);
  const auto run = finished_run(booking(4, LockKind::Mutex, 2, 2), pool);
  const auto trace = run->trace();
  ASSERT_FALSE(trace.empty());
  for (std::size_t i = 1; i < trace.size(); ++i)
    ASSERT_LE(trace[i - 1].time_ns, trace[i].time_ns);

  for (int worker = 0; worker < 4; ++worker) {
    std::vector<EventKind> kinds;
    for (const auto& event : trace) {
      if (event.worker == worker) kinds.push_back(event.kind);
    }
    ASSERT_GE(kinds.size(), 9u);
    EXPECT_EQ(kinds[0], EventKind::StepBegin);
    EXPECT_EQ(kinds[1], EventKind::LockRequested);
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), EventKind::LockAcquired), 1);
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), EventKind::LockReleased), 1);
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), EventKind::ThinkBegin), 1);
    EXPECT_EQ(kinds.back(), EventKind::Done);

    // The holder write lands on the slot of the last read, which saw it free.
    const Event* last_read = nullptr;
    for (const auto& event : trace) {
      if (event.worker != worker) continue;
      if (event.kind == EventKind::Read) last_read = &event;
      if (event.kind == EventKind::Write && event.field < kSlotCount) {
        ASSERT_NE(last_read, nullptr);
        EXPECT_EQ(event.field, last_read->field);
        EXPECT_EQ(last_read->value, 0);
        EXPECT_EQ(event.value, worker + 1);
        EXPECT_EQ(event.resource, ResourceId::Memory);
      }
    }
  }
}

TEST(ThreadsRun, WorkersBeyondNineLeaveWithoutASlot) {
  DeskPool pool(4);
  const auto run = finished_run(booking(12, LockKind::Mutex, 0, 4), pool);
  const auto summary = run->summary();
  EXPECT_TRUE(summary.violations.empty());
  EXPECT_EQ(summary.outcome["without_slot"].size(), 3u);
  EXPECT_NE(summary.verdict.find("find the calendar full"), std::string::npos) << summary.verdict;
}

TEST(ThreadsRun, StopEndsALongThinkQuickly) {
  DeskPool pool(2);
  auto run = start_run(booking(2, LockKind::Mutex, 2000, 2), &pool);
  while (run->activity(0) != Activity::Thinking && run->activity(1) != Activity::Thinking) {
    std::this_thread::yield();
  }
  run->request_stop();
  run->wait();
  const auto summary = run->summary();
  EXPECT_TRUE(summary.stopped);
  EXPECT_FALSE(summary.finished);
  EXPECT_LT(run->elapsed_ms(), 1000.0);
}

TEST(ThreadsRun, LiveSummaryBeforeTheEndSaysRunning) {
  DeskPool pool(2);
  auto run = start_run(booking(2, LockKind::Mutex, 300, 2), &pool);
  const auto live = run->summary();
  EXPECT_FALSE(live.finished);
  EXPECT_EQ(live.verdict.rfind("Running", 0), 0u);
  run->wait();
  EXPECT_TRUE(run->summary().finished);
}

TEST(ThreadsRun, TenThousandWorkersOnFourDesksComplete) {
  DeskPool pool(4);
  RunConfig config = RunConfig::for_scenario("flash-sale");
  config.workers = 10'000;
  config.desks = 4;
  config.lock = LockKind::Mutex;
  config.think_ms = 0;
  config.params["stock"] = 50;
  const auto run = finished_run(config, pool);
  const auto summary = run->summary();
  EXPECT_TRUE(summary.finished);
  EXPECT_EQ(run->workers_done(), 10'000);
  EXPECT_TRUE(summary.violations.empty()) << summary.verdict;
  EXPECT_EQ(summary.outcome["orders"].size(), 50u);
}

// The benchmarks count a run's work with operations(), without the summary's analysis.
TEST(ThreadsRun, OperationsAreTheSummarysCount) {
  DeskPool pool(2);
  RunConfig config = RunConfig::for_scenario("bulletin");
  config.workers = 8;
  config.desks = 2;
  config.lock = LockKind::RWMutex;
  config.think_ms = 0;
  const auto run = finished_run(config, pool);
  const auto counted = run->summary().metrics["operations"].get<std::int64_t>();
  // Each of 7 readers reads 4 sheets and writes its tally 20 times; the writer writes 4 sheets 5
  // times.
  EXPECT_EQ(counted, 7 * 20 * 5 + 5 * 4);
  EXPECT_EQ(run->operations(), counted);
}

}  // namespace
}  // namespace racelab
