#include "core/timeline.hpp"

#include <gtest/gtest.h>

#include <algorithm>

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

}  // namespace
}  // namespace racelab
