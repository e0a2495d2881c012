#include "core/threads_run.hpp"

#include <gtest/gtest.h>

#include <atomic>
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

TEST(ThreadsRun, TheFloorSeesWhoHoldsTheLogbook) {
  // Three workers think 100 ms each holding the mutex: while the run goes, one of them holds it
  // (the exclusive side), once it is over nobody. (Two holders may show for an instant: the
  // workers are read one after the other while the logbook changes hands.)
  DeskPool pool(2);
  auto run = start_run(booking(3, LockKind::Mutex, 100, 2), &pool);
  bool held = false;
  while (!run->finished()) {
    int holders = 0;
    for (int worker = 0; worker < 3; ++worker) {
      holders += run->holding(worker) == Holding::Exclusive;
      EXPECT_NE(run->holding(worker), Holding::Shared);
    }
    held = held || holders >= 1;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  run->wait();
  EXPECT_TRUE(held);
  for (int worker = 0; worker < 3; ++worker) {
    EXPECT_EQ(run->holding(worker), Holding::Nothing);
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

bool same_event(const Event& a, const Event& b) {
  return a.time_ns == b.time_ns && a.worker == b.worker && a.desk == b.desk && a.kind == b.kind &&
         a.resource == b.resource && a.step == b.step && a.field == b.field && a.value == b.value;
}

// Reads the live trace on a thread of its own while the desks record, as the page's timeline
// does: every look must be the last one and more, each desk's and each worker's events in the
// order they have at the end, and the last look the finished trace itself.
void expect_live_trace_grows_into_the_final_one(const RunConfig& config, DeskPool& pool,
                                                int looks_expected) {
  auto run = start_run(config, &pool);
  std::atomic<bool> over{false};
  Trace seen;
  int looks_while_running = 0;
  bool partial_seen = false;
  std::thread reader([&] {
    while (!over.load(std::memory_order_acquire)) {
      const bool running = !run->finished();
      const Trace& live = *run->live_trace();
      ASSERT_GE(live.size(), seen.size()) << "the live trace shrank";
      for (std::size_t i = 0; i < seen.size(); ++i) {
        ASSERT_TRUE(same_event(live[i], seen[i])) << "event " << i << " changed";
      }
      for (std::size_t i = std::max<std::size_t>(seen.size(), 1); i < live.size(); ++i) {
        ASSERT_LE(live[i - 1].time_ns, live[i].time_ns) << "out of time order at " << i;
      }
      seen = live;
      if (running) {
        ++looks_while_running;
        partial_seen = partial_seen || !seen.empty();
      }
      std::this_thread::sleep_for(std::chrono::microseconds(300));
    }
  });
  run->wait();
  over.store(true, std::memory_order_release);
  reader.join();

  const Trace& last = *run->live_trace();
  const Trace final_trace = run->trace();
  ASSERT_EQ(last.size(), final_trace.size());
  for (std::size_t i = 0; i < final_trace.size(); ++i) {
    ASSERT_TRUE(same_event(last[i], final_trace[i])) << "event " << i << " differs";
  }
  // What the reader saw is where the final trace begins.
  ASSERT_LE(seen.size(), final_trace.size());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    ASSERT_TRUE(same_event(seen[i], final_trace[i])) << "event " << i << " was seen otherwise";
  }
  EXPECT_GE(looks_while_running, looks_expected);
  if (looks_expected > 0) EXPECT_TRUE(partial_seen) << "nothing was seen before the end";
}

TEST(ThreadsRun, TheLiveTraceIsAPrefixThatGrowsIntoTheFinishedTrace) {
  DeskPool pool(4);
  // Thirty workers, the first nine of whom think 20 ms each holding the logbook (the rest find
  // the calendar full): a run of about 180 ms, looked at often while it goes, even on a busy
  // machine.
  expect_live_trace_grows_into_the_final_one(booking(30, LockKind::Mutex, 20, 4), pool, 4);

  // Ten thousand buyers without a lock: events in a rush from four desks, over many of their
  // logs' chunks; so quick that the reader may not look before the end on a loaded machine.
  RunConfig rush = RunConfig::for_scenario("flash-sale");
  rush.workers = 10'000;
  rush.desks = 4;
  rush.lock = LockKind::None;
  rush.think_ms = 0;
  expect_live_trace_grows_into_the_final_one(rush, pool, 0);
}

TEST(ThreadsRun, TheLiveTraceStopsAtItsMostAndTheFinishedTraceHasAll) {
  DeskPool pool(2);
  // Two thousand readers of the board, each reading its sheets a hundred times: over half a
  // million events.
  RunConfig config = RunConfig::for_scenario("bulletin");
  config.workers = 2000;
  config.desks = 2;
  config.lock = LockKind::RWMutex;
  config.think_ms = 0;
  auto run = start_run(config, &pool);
  run->wait();
  const auto final_trace = run->trace();
  ASSERT_GT(final_trace.size(), Run::kMostLiveEvents);
  const Trace& live = *run->live_trace();
  ASSERT_EQ(live.size(), Run::kMostLiveEvents);
  for (std::size_t i = 0; i < live.size(); i += 997) {
    ASSERT_TRUE(same_event(live[i], final_trace[i])) << "event " << i;
  }
}

}  // namespace
}  // namespace racelab
