// The explorer: every interleaving within a preemption bound, counted by hand for a small case;
// booking's double booking found without a lock and not with one; schedule tokens.

#include "core/explore.hpp"

#include <gtest/gtest.h>

#include "core/scenarios/registry.hpp"

namespace racelab {
namespace {

// Two workers, three writes each to a field of their own: nothing to break, only interleavings.
class ThreeWrites final : public ScenarioRun {
 public:
  std::vector<std::int64_t> initial_memory() const override { return {0, 0}; }
  WorkerTask program(Worker me) override { return write_thrice(me); }
  std::vector<Violation> violations(const std::vector<std::int64_t>&) const override { return {}; }
  nlohmann::json outcome(const std::vector<std::int64_t>&) const override { return {}; }
  std::string verdict(const std::vector<std::int64_t>&) const override { return ""; }
  std::string field_label(int field) const override { return std::to_string(field); }
  std::string step_label(int, int) const override { return "write"; }

 private:
  static WorkerTask write_thrice(Worker me) {
    for (int i = 1; i <= 3; ++i)
      co_await me.write(me.index, i);
  }
};

std::int64_t schedules_of_three_writes(int bound) {
  RunConfig config;
  config.workers = 2;
  config.engine = EngineKind::Deterministic;
  Explorer explorer(config, {.bound = bound}, [] { return std::make_unique<ThreeWrites>(); });
  explorer.run_to_end();
  EXPECT_TRUE(explorer.result().complete);
  return explorer.result().schedules;
}

TEST(Explore, CountsTheInterleavingsOfTwoWorkersOfThreeStepsByHand) {
  // AAABBB as runs of one worker. With b runs there are b - 1 switches, of which the one after
  // the first worker to finish is no preemption: b - 2 preemptions. Splitting 3 steps into k runs
  // can be done C(2, k - 1) ways; either worker may start.
  //   b = 2: 1 * 1 * 2 = 2    b = 3: (2 * 1) * 2 = 4    b = 4: (2 * 2) * 2 = 8
  //   b = 5: (1 * 2) * 2 = 4  b = 6: (1 * 1) * 2 = 2    in all C(6, 3) = 20
  EXPECT_EQ(schedules_of_three_writes(0), 2);
  EXPECT_EQ(schedules_of_three_writes(1), 2 + 4);
  EXPECT_EQ(schedules_of_three_writes(2), 2 + 4 + 8);
  EXPECT_EQ(schedules_of_three_writes(4), 20);
}

RunConfig booking(LockKind lock) {
  auto config = RunConfig::for_scenario("booking");
  config.workers = 2;
  config.lock = lock;
  return config;
}

TEST(Explore, FindsBookingsDoubleBookingWithoutALockAndReplaysIt) {
  Explorer explorer(booking(LockKind::None), {});
  explorer.run_to_end();
  const auto& result = explorer.result();
  EXPECT_TRUE(result.complete);
  EXPECT_GT(result.schedules, 1);
  // While one thinks, the other looks: with the default think time every order double-books.
  EXPECT_EQ(result.failing, result.schedules);
  EXPECT_GE(result.racing, result.failing);
  ASSERT_TRUE(result.shortest_failing.has_value());
  EXPECT_NE(result.shortest_verdict.find("10:00"), std::string::npos) << result.shortest_verdict;

  // The token replays the same double booking, the same way every time.
  std::string problem;
  const auto choices = parse_schedule_token(schedule_token(*result.shortest_failing), problem);
  ASSERT_TRUE(choices.has_value()) << problem;
  auto first = start_scheduled_run(booking(LockKind::None), *choices);
  first.run->wait();
  auto second = start_scheduled_run(booking(LockKind::None), *choices);
  second.run->wait();
  EXPECT_TRUE(first.schedule_problem->empty()) << *first.schedule_problem;
  const auto summary = first.run->summary();
  ASSERT_FALSE(summary.violations.empty());
  EXPECT_EQ(summary.violations[0].kind, "double-booking");
  EXPECT_EQ(first.run->steps_taken(), result.shortest_steps);
  const auto a = first.run->trace();
  const auto b = second.run->trace();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].worker, b[i].worker);
    EXPECT_EQ(a[i].kind, b[i].kind);
    EXPECT_EQ(a[i].value, b[i].value);
  }
}

TEST(Explore, WithoutThinkingSomeOrdersAreLucky) {
  auto config = booking(LockKind::None);
  config.think_ms = 0;
  Explorer explorer(config, {});
  explorer.run_to_end();
  EXPECT_GT(explorer.result().failing, 0);
  EXPECT_LT(explorer.result().failing, explorer.result().schedules);
}

TEST(Explore, FindsNoFailingScheduleWithTheMutex) {
  Explorer explorer(booking(LockKind::Mutex), {});
  explorer.run_to_end();
  EXPECT_TRUE(explorer.result().complete);
  EXPECT_GT(explorer.result().schedules, 1);
  EXPECT_EQ(explorer.result().failing, 0);
  EXPECT_EQ(explorer.result().racing, 0);
  EXPECT_FALSE(explorer.result().shortest_failing.has_value());
}

TEST(Explore, FindsTheDeadlockOfAbba) {
  auto config = RunConfig::for_scenario("abba");
  config.think_ms = 0;  // so that the explorer, not the think time, decides the order
  Explorer explorer(config, {});
  explorer.run_to_end();
  EXPECT_GT(explorer.result().deadlocked, 0);
  EXPECT_LT(explorer.result().deadlocked, explorer.result().schedules);
  config.params["fixed"] = 1;
  Explorer fixed(config, {});
  fixed.run_to_end();
  EXPECT_EQ(fixed.result().deadlocked, 0);
}

TEST(Explore, ProgressRisesToOneAndCancelStops) {
  auto config = booking(LockKind::None);
  config.workers = 3;
  config.think_ms = 0;
  Explorer explorer(config, {.bound = 3});
  double last = 0.0;
  for (int slice = 0; slice < 3 && explorer.advance(0.5); ++slice) {
    EXPECT_GE(explorer.progress(), 0.0);
    EXPECT_LE(explorer.progress(), 1.0);
    last = explorer.progress();
  }
  const auto tried = explorer.result().schedules;
  explorer.cancel();
  EXPECT_FALSE(explorer.advance(100.0));
  EXPECT_EQ(explorer.result().schedules, tried);
  EXPECT_TRUE(explorer.result().cancelled);
  EXPECT_FALSE(explorer.result().complete);
  (void)last;

  Explorer whole(booking(LockKind::None), {});
  whole.run_to_end();
  EXPECT_EQ(whole.progress(), 1.0);
}

TEST(Explore, StopsAtTheMostSchedulesAndSaysItIsIncomplete) {
  auto config = booking(LockKind::None);
  config.workers = 4;
  config.think_ms = 0;
  Explorer explorer(config, {.bound = 4, .most_schedules = 25});
  explorer.run_to_end();
  EXPECT_EQ(explorer.result().schedules, 25);
  EXPECT_FALSE(explorer.result().complete);
}

TEST(ScheduleToken, RoundTripsAndRefusesWhatIsNotOne) {
  std::string problem;
  EXPECT_EQ(schedule_token({0, 1, 1, 0}), "0.1.1.0");
  EXPECT_EQ(parse_schedule_token("0.1.1.0", problem), (std::vector<int>{0, 1, 1, 0}));
  EXPECT_EQ(parse_schedule_token("-", problem), std::vector<int>{});
  for (const char* bad : {"", "0..1", "a.b", "1.", ".1", "-1", "0.1x", "99999", "0 1"}) {
    problem.clear();
    EXPECT_FALSE(parse_schedule_token(bad, problem).has_value()) << bad;
    EXPECT_FALSE(problem.empty()) << bad;
  }
}

TEST(ScheduleToken, ChoicesLeftOverAreAProblemAndAShorterTokenReplaysABeginning) {
  auto longer = start_scheduled_run(booking(LockKind::None), std::vector<int>(17, 0));
  longer.run->wait();
  EXPECT_NE(longer.problem().find("the schedule has 17 choices, but this run makes"),
            std::string::npos)
      << longer.problem();
  auto shorter = start_scheduled_run(booking(LockKind::None), {0});
  shorter.run->wait();
  EXPECT_EQ(shorter.problem(), "");
  EXPECT_TRUE(shorter.run->summary().finished);
}

TEST(ScheduleToken, AChoiceThatDoesNotFitEndsTheRunWithAMessage) {
  auto scheduled = start_scheduled_run(booking(LockKind::None), {0, 7});
  scheduled.run->wait();
  EXPECT_NE(scheduled.schedule_problem->find("picks worker 7 at choice 2"), std::string::npos)
      << *scheduled.schedule_problem;
  EXPECT_TRUE(scheduled.run->finished());
  EXPECT_TRUE(scheduled.run->summary().stopped);
}

}  // namespace
}  // namespace racelab
