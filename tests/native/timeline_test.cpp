#include "core/timeline.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "core/booking.hpp"
#include "core/run.hpp"
#include "core/scenario.hpp"

namespace racelab {
namespace {

int count_kind(const Timeline& timeline, SliceKind kind) {
  return static_cast<int>(
      std::count_if(timeline.slices.begin(), timeline.slices.end(),
                    [&](const TimelineSlice& s) { return s.kind == static_cast<float>(kind); }));
}

int count_events(const Trace& trace, EventKind kind) {
  return static_cast<int>(
      std::count_if(trace.begin(), trace.end(), [&](const Event& e) { return e.kind == kind; }));
}

Timeline timeline_of(const Run& run) {
  return build_timeline(run.trace(), run.total_workers(), run.desks(), run.lock_kinds(),
                        run.races());
}

TEST(Timeline, HasASliceForEveryStepWaitHoldAndThought) {
  for (const auto& spec : scenarios()) {
    for (auto lock : spec.locks) {
      auto config = RunConfig::for_scenario(spec.name);
      config.engine = EngineKind::Deterministic;
      config.lock = lock;
      config.workers = 3;
      auto run = start_run(config, nullptr);
      run->wait();
      const auto trace = run->trace();
      const auto timeline = timeline_of(*run);
      const auto where = std::string(spec.name) + " with " + std::string(lock_kind_name(lock));
      EXPECT_EQ(count_kind(timeline, SliceKind::Running), count_events(trace, EventKind::StepBegin))
          << where;
      EXPECT_EQ(count_kind(timeline, SliceKind::Thinking),
                count_events(trace, EventKind::ThinkBegin))
          << where;
      EXPECT_EQ(count_kind(timeline, SliceKind::HoldingRead) +
                    count_kind(timeline, SliceKind::HoldingWrite),
                count_events(trace, EventKind::LockAcquired))
          << where;
      EXPECT_EQ(count_kind(timeline, SliceKind::Race), 2 * static_cast<int>(run->races().size()))
          << where;
      ASSERT_EQ(timeline.lane_begin.size(), static_cast<std::size_t>(timeline.lanes() + 1));
      for (int lane = 0; lane < timeline.lanes(); ++lane) {
        for (auto i = timeline.lane_begin[lane]; i < timeline.lane_begin[lane + 1]; ++i) {
          const auto& slice = timeline.slices[i];
          EXPECT_EQ(slice.lane, static_cast<float>(lane)) << where;
          EXPECT_LE(slice.start_us, slice.end_us) << where;
          EXPECT_LE(slice.end_us, timeline.end_us + 1e-3) << where;
        }
      }
    }
  }
}

TEST(Timeline, ReadersOfTheBoardHoldTheReadSide) {
  auto config = RunConfig::for_scenario("bulletin");
  config.engine = EngineKind::Deterministic;
  config.lock = LockKind::RWMutex;
  auto run = start_run(config, nullptr);
  run->wait();
  const auto timeline = timeline_of(*run);
  EXPECT_GT(count_kind(timeline, SliceKind::HoldingRead), 0);
  EXPECT_GT(count_kind(timeline, SliceKind::HoldingWrite), 0);
}

TEST(Timeline, DeskLanesShowWhoSatThere) {
  DeskPool desks(2);
  auto config = RunConfig::for_scenario("booking");
  config.workers = 6;
  config.desks = 2;
  config.lock = LockKind::Mutex;
  auto run = start_run(config, &desks);
  run->wait();
  const auto timeline = timeline_of(*run);
  EXPECT_EQ(timeline.desk_lanes, 2);
  int seated = 0;
  for (int lane = 0; lane < 2; ++lane) {
    for (auto i = timeline.lane_begin[lane]; i < timeline.lane_begin[lane + 1]; ++i) {
      EXPECT_EQ(timeline.slices[i].kind, static_cast<float>(SliceKind::Seated));
      ++seated;
    }
  }
  EXPECT_GE(seated, 6) << "every worker sat at a desk at least once";
}

TEST(Timeline, ARunStillGoingEndsItsOpenSlicesAtTheLastEvent) {
  Trace trace = {{0, 0, 0, EventKind::StepBegin},
                 {1000, 0, 0, EventKind::ThinkBegin},
                 {5000, 1, 0, EventKind::StepBegin}};
  const auto timeline = build_timeline(trace, 2, 1, {}, {});
  EXPECT_EQ(count_kind(timeline, SliceKind::Running), 2);
  EXPECT_EQ(count_kind(timeline, SliceKind::Thinking), 1);
  for (const auto& slice : timeline.slices)
    EXPECT_LE(slice.end_us, 5.0f);
}

// Every kind of violation the summary lists is marked on the timeline at some moment, and the
// timeline marks nothing when the summary lists nothing: over every scenario, lock and a few
// seeds and worker counts.
TEST(Timeline, MarksEveryKindOfViolationTheSummaryLists) {
  int broken_runs = 0;
  for (const auto& spec : scenarios()) {
    for (auto lock : spec.locks) {
      for (int workers : {2, 3, 5}) {
        for (std::uint64_t seed : {1, 2, 3}) {
          auto config = RunConfig::for_scenario(spec.name);
          config.engine = EngineKind::Deterministic;
          config.lock = lock;
          config.workers = workers;
          config.seed = seed;
          auto run = start_run(config, nullptr);
          run->wait();
          const auto trace = run->trace();
          const auto marks = run->scenario().violation_marks(trace);
          const auto summary = run->summary();
          const auto where = std::string(spec.name) + " with " + std::string(lock_kind_name(lock)) +
                             ", " + std::to_string(workers) + " workers, seed " +
                             std::to_string(seed);
          std::set<std::string> listed, marked;
          // A deadlock is the engine's finding, drawn as its wait-for cycle, not a mark.
          for (const auto& violation : summary.violations) {
            if (violation.kind != "deadlock") listed.insert(violation.kind);
          }
          for (const auto& mark : marks)
            marked.insert(mark.kind);
          EXPECT_EQ(listed, marked) << where;
          if (!listed.empty()) ++broken_runs;
          std::int64_t before = 0;
          for (const auto& mark : marks) {
            EXPECT_GE(mark.time_ns, before) << where << ": marks in time order";
            before = mark.time_ns;
            EXPECT_GE(mark.worker, 0) << where;
            EXPECT_LT(mark.worker, run->total_workers()) << where;
            EXPECT_NE(mark.worker, mark.other) << where;
            EXPECT_FALSE(mark.detail.empty()) << where;
          }
          const auto timeline = build_timeline(trace, run->total_workers(), run->desks(),
                                               run->lock_kinds(), run->races(), marks);
          int lanes_marked = 0;
          for (const auto& mark : marks)
            lanes_marked += 1 + (mark.other >= 0 ? 1 : 0);
          EXPECT_EQ(count_kind(timeline, SliceKind::Violation), lanes_marked) << where;
        }
      }
    }
  }
  EXPECT_GT(broken_runs, 20) << "the lock-free runs break the invariants";
}

// Alice and Bob both write 10:00: the double booking is marked on both lanes at the moment the
// second name lands, and the hover finds it there.
TEST(Timeline, ADoubleBookingIsMarkedWhenTheSecondNameIsWritten) {
  auto config = RunConfig::for_scenario("booking");
  config.engine = EngineKind::Deterministic;
  config.lock = LockKind::None;
  config.workers = 2;
  auto run = start_run(config, nullptr);
  run->wait();
  const auto trace = run->trace();
  const auto marks = run->scenario().violation_marks(trace);
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].kind, "double-booking");
  EXPECT_EQ(marks[0].detail, "Alice and Bob both hold 10:00");
  EXPECT_EQ(run->summary().violations.at(0).detail, marks[0].detail);

  // The moment is the later of the two writes of a booked slot.
  std::int64_t last_booking = -1;
  for (const auto& event : trace) {
    if (event.kind == EventKind::Write && event.field >= kSlotCount) last_booking = event.time_ns;
  }
  EXPECT_EQ(marks[0].time_ns, last_booking);
  EXPECT_EQ(std::set<int>({marks[0].worker, marks[0].other}), std::set<int>({0, 1}));

  const auto timeline = build_timeline(trace, run->total_workers(), run->desks(), run->lock_kinds(),
                                       run->races(), marks);
  const double at_us = static_cast<double>(last_booking) / 1000.0;
  for (int worker : {0, 1}) {
    const int lane = timeline.desk_lanes + worker;
    const auto* found = violation_near(timeline, lane, at_us + 0.5, 1.0);
    ASSERT_NE(found, nullptr) << "lane of worker " << worker;
    EXPECT_EQ(found->kind, "double-booking");
    const auto begin =
        timeline.slices.begin() + static_cast<std::ptrdiff_t>(timeline.lane_begin[lane]);
    const auto end =
        timeline.slices.begin() + static_cast<std::ptrdiff_t>(timeline.lane_begin[lane + 1]);
    EXPECT_EQ(std::count_if(begin, end,
                            [&](const TimelineSlice& slice) {
                              return slice.kind == static_cast<float>(SliceKind::Violation) &&
                                     std::abs(slice.start_us - at_us) < 1e-2;
                            }),
              1);
  }
  EXPECT_EQ(violation_near(timeline, timeline.desk_lanes, at_us - 1000.0, 1.0), nullptr)
      << "nothing far from the moment";
}

// From afar, a lane's slices of one kind closer than the gap become one; the rest stay apart.
TEST(Timeline, CoarsenedMergesSlicesCloserThanTheGap) {
  const std::vector<TimelineSlice> slices = {
      {0, 1, 0, 0},      {1.5f, 2, 0, 0}, {10, 11, 0, 0},  // lane 0, running
      {2, 3, 0, 4},                                        // lane 0, thinking: another kind
      {11.2f, 12, 1, 0},                                   // lane 1: another lane
  };
  const auto merged = coarsened(slices, 1.0);
  ASSERT_EQ(merged.size(), 4u);
  EXPECT_EQ(merged[0].start_us, 0);
  EXPECT_EQ(merged[0].end_us, 2);
  EXPECT_EQ(merged[1].start_us, 10);
  EXPECT_EQ(merged[2].kind, 4);
  EXPECT_EQ(merged[3].lane, 1);
  EXPECT_EQ(coarsened(slices, 0.0).size(), slices.size()) << "no gap: nothing merges";

  // A real run: fewer slices, each lane still covering what it covered.
  auto config = RunConfig::for_scenario("bulletin");
  config.engine = EngineKind::Deterministic;
  config.lock = LockKind::RWMutex;
  auto run = start_run(config, nullptr);
  run->wait();
  const auto timeline = timeline_of(*run);
  const auto far = coarsened(timeline.slices, timeline.end_us / 100);
  EXPECT_LT(far.size(), timeline.slices.size() / 2);
  for (std::size_t i = 1; i < far.size(); ++i) {
    EXPECT_LE(far[i - 1].lane, far[i].lane) << "still lane by lane";
  }
}

// A torn read is marked at the reader's last look at the board in that round, with the writer.
TEST(Timeline, ATornReadIsMarkedWhereTheReaderLooked) {
  auto config = RunConfig::for_scenario("bulletin");
  config.engine = EngineKind::Deterministic;
  config.lock = LockKind::None;
  auto run = start_run(config, nullptr);
  run->wait();
  const auto trace = run->trace();
  const auto marks = run->scenario().violation_marks(trace);
  const auto torn = run->summary().outcome["readers"];
  std::int64_t counted = 0;
  for (const auto& reader : torn)
    counted += reader["torn"].get<std::int64_t>();
  ASSERT_GT(counted, 0) << "the default board tears without a lock";
  EXPECT_EQ(static_cast<std::int64_t>(marks.size()), counted);
  for (const auto& mark : marks) {
    EXPECT_EQ(mark.other, 0) << "Alice writes the board";
    const bool a_read_there = std::any_of(trace.begin(), trace.end(), [&](const Event& event) {
      return event.kind == EventKind::Read && event.worker == mark.worker &&
             event.time_ns == mark.time_ns && event.field < 4;
    });
    EXPECT_TRUE(a_read_there) << mark.detail;
  }
}

}  // namespace
}  // namespace racelab
