// The deadlock scenarios on both engines, and the finder's cycles.

#include "core/deadlock.hpp"

#include <gtest/gtest.h>

#include "core/run.hpp"

namespace racelab {
namespace {

struct Expected {
  std::string scenario;
  // The cycle as (worker, lock) links, starting anywhere.
  std::vector<std::pair<std::string, std::string>> links;
};

std::vector<std::pair<std::string, std::string>> links_of(const nlohmann::json& deadlock) {
  std::vector<std::pair<std::string, std::string>> links;
  for (const auto& link : deadlock["cycle"])
    links.emplace_back(link["worker"], link["lock"]);
  return links;
}

// The same cycle whichever worker it was entered from.
bool same_cycle(std::vector<std::pair<std::string, std::string>> found,
                const std::vector<std::pair<std::string, std::string>>& expected) {
  if (found.size() != expected.size()) return false;
  for (std::size_t turn = 0; turn < found.size(); ++turn) {
    if (found == expected) return true;
    std::rotate(found.begin(), found.begin() + 1, found.end());
  }
  return false;
}

class DeadlockScenario : public testing::TestWithParam<EngineKind> {};

// The scenario with its defaults but `workers` on `desks`, run to its end on `engine`.
std::unique_ptr<Run> finished_run(EngineKind engine, const std::string& scenario, int workers,
                                  int desks, DeskPool& pool) {
  auto config = RunConfig::for_scenario(scenario);
  config.engine = engine;
  config.workers = workers;
  config.desks = desks;
  auto run = start_run(config, &pool);
  run->wait();
  return run;
}

TEST_P(DeadlockScenario, EachDeadlocksWithItsCycleAndNotOnceFixed) {
  const std::vector<Expected> cases = {
      {"abba", {{"Alice", "the projector"}, {"Bob", "the conference room"}}},
      {"rwr", {{"Alice", "the board's lock"}, {"Bob", "the board's lock"}}},
      {"double-lock", {{"Alice", "the filing cabinet's lock"}}},
  };
  DeskPool pool(2);
  for (const auto& [scenario, links] : cases) {
    SCOPED_TRACE(scenario);
    auto config = RunConfig::for_scenario(scenario);
    config.engine = GetParam();
    config.desks = 2;
    auto run = start_run(config, &pool);
    run->wait();
    auto summary = run->summary();
    EXPECT_TRUE(summary.finished);
    ASSERT_EQ(summary.violations.size(), 1u) << summary.verdict;
    EXPECT_EQ(summary.violations[0].kind, "deadlock");
    EXPECT_EQ(summary.verdict.rfind("Deadlock: ", 0), 0u) << summary.verdict;
    ASSERT_TRUE(summary.deadlock.is_object());
    EXPECT_TRUE(same_cycle(links_of(summary.deadlock), links)) << summary.deadlock.dump();
    EXPECT_EQ(summary.deadlock["stuck"].size(), static_cast<std::size_t>(config.workers));
    EXPECT_EQ(to_json(summary)["deadlock"], summary.deadlock);

    config.params["fixed"] = 1;
    run = start_run(config, &pool);
    run->wait();
    summary = run->summary();
    EXPECT_TRUE(summary.finished);
    EXPECT_TRUE(summary.violations.empty()) << summary.verdict;
    EXPECT_FALSE(run->deadlock().has_value());
    EXPECT_TRUE(summary.deadlock.is_null());
    EXPECT_EQ(run->workers_done(), config.workers);
  }
}

// The floor draws the deadlocked pair still holding a lock each: taking a second lock and
// waiting for it does not hide the first; once fixed, nobody is left holding anything.
TEST_P(DeadlockScenario, TheFloorSeesEachOfTheStuckPairHoldingALock) {
  DeskPool pool(2);
  auto config = RunConfig::for_scenario("abba");
  config.engine = GetParam();
  config.desks = 2;
  auto run = start_run(config, &pool);
  run->wait();
  EXPECT_EQ(run->holding(0), Holding::Exclusive);
  EXPECT_EQ(run->holding(1), Holding::Exclusive);

  config.params["fixed"] = 1;
  run = start_run(config, &pool);
  run->wait();
  for (int worker = 0; worker < config.workers; ++worker)
    EXPECT_EQ(run->holding(worker), Holding::Nothing) << worker;
}

// The story says who waits for whom, and on which side of a reader-writer lock.
TEST_P(DeadlockScenario, TheVerdictTellsTheWaitsInTheAnalogysWords) {
  DeskPool pool(2);
  auto config = RunConfig::for_scenario("rwr");
  config.engine = GetParam();
  auto run = start_run(config, &pool);
  run->wait();
  const auto verdict = run->summary().verdict;
  EXPECT_NE(verdict.find("Alice waits for the board's lock to write, which Bob holds"),
            std::string::npos)
      << verdict;
  EXPECT_NE(verdict.find("Bob waits for the board's lock to read, in line behind Alice"),
            std::string::npos)
      << verdict;

  config = RunConfig::for_scenario("double-lock");
  config.engine = GetParam();
  run = start_run(config, &pool);
  run->wait();
  EXPECT_NE(run->summary().verdict.find("which Alice already holds"), std::string::npos);
}

// Everyone after the worker who locked twice waits behind it: stuck, but not in the cycle.
TEST_P(DeadlockScenario, TheOthersInLineAreStuckButNotInTheCycle) {
  DeskPool pool(3);
  const auto run = finished_run(GetParam(), "double-lock", 5, 3, pool);
  ASSERT_TRUE(run->deadlock().has_value());
  EXPECT_EQ(run->deadlock()->cycle.size(), 1u);
  EXPECT_EQ(run->deadlock()->stuck.size(), 5u);
}

// Half the meetings go the other way round: with six workers the cycle still has two.
TEST_P(DeadlockScenario, ManyWorkersInOppositeOrderStillMakeACycleOfTwo) {
  DeskPool pool(4);
  const auto run = finished_run(GetParam(), "abba", 6, 4, pool);
  ASSERT_TRUE(run->deadlock().has_value());
  const auto& cycle = run->deadlock()->cycle;
  ASSERT_EQ(cycle.size(), 2u);
  EXPECT_NE(cycle[0] % 2, cycle[1] % 2);  // one of each order
}

// What the floor draws: a line per lock, each holder at the lock it holds.
TEST_P(DeadlockScenario, EachWorkerSaysWhichLocksItHoldsAndWhichItWaitsFor) {
  DeskPool pool(2);
  const auto abba = finished_run(GetParam(), "abba", 2, 2, pool);
  ASSERT_TRUE(abba->deadlock());
  // Alice holds the room (lock 0) and waits for the projector (1); Bob the other way round.
  EXPECT_EQ(abba->locks_held(0), 0b01u);
  EXPECT_EQ(abba->lock_waited(0), 1);
  EXPECT_EQ(abba->locks_held(1), 0b10u);
  EXPECT_EQ(abba->lock_waited(1), 0);

  // Alice waits for the one lock she holds.
  const auto double_lock = finished_run(GetParam(), "double-lock", 1, 1, pool);
  ASSERT_TRUE(double_lock->deadlock());
  EXPECT_EQ(double_lock->locks_held(0), 0b1u);
  EXPECT_EQ(double_lock->lock_waited(0), 0);

  // Fixed, everyone finishes and lets go of everything.
  auto config = RunConfig::for_scenario("abba");
  config.engine = GetParam();
  config.desks = 2;
  config.workers = 4;
  config.params["fixed"] = 1;
  auto run = start_run(config, &pool);
  run->wait();
  ASSERT_FALSE(run->deadlock());
  for (int worker = 0; worker < 4; ++worker) {
    EXPECT_EQ(run->locks_held(worker), 0u) << worker;
    EXPECT_EQ(run->lock_waited(worker), -1) << worker;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, DeadlockScenario,
                         testing::Values(EngineKind::Deterministic, EngineKind::Threads),
                         [](const testing::TestParamInfo<EngineKind>& info) {
                           return std::string(engine_name(info.param));
                         });

TEST(FindDeadlock, NoCycleWhenTheHolderLeft) {
  // Worker 0 took the lock and is gone; 1 waits for it for ever: stuck, but no cycle.
  LockState lock(LockKind::Mutex, 1);
  std::int64_t permit = 0;
  ASSERT_TRUE(lock.acquire(0, LockSide::Exclusive, permit));
  ASSERT_FALSE(lock.acquire(1, LockSide::Exclusive, permit));
  const auto found = find_deadlock({&lock}, {-1, 0}, {1});
  EXPECT_TRUE(found.cycle.empty());
  EXPECT_EQ(found.stuck, std::vector<int>{1});
}

TEST(FindDeadlock, FollowsTheCycleNotTheTailLeadingIntoIt) {
  // 0 holds the first lock and waits for the second; 1 holds the second and waits for the
  // first; 2 waits for the first too, outside the cycle.
  LockState first(LockKind::Mutex, 1);
  LockState second(LockKind::Mutex, 1);
  std::int64_t permit = 0;
  ASSERT_TRUE(first.acquire(0, LockSide::Exclusive, permit));
  ASSERT_TRUE(second.acquire(1, LockSide::Exclusive, permit));
  ASSERT_FALSE(first.acquire(2, LockSide::Exclusive, permit));
  ASSERT_FALSE(second.acquire(0, LockSide::Exclusive, permit));
  ASSERT_FALSE(first.acquire(1, LockSide::Exclusive, permit));
  const auto found = find_deadlock({&first, &second}, {1, 0, 0}, {0, 1, 2});
  ASSERT_EQ(found.cycle.size(), 2u);
  EXPECT_EQ(found.cycle, (std::vector<int>{0, 1}));
  EXPECT_EQ(found.locks, (std::vector<int>{1, 0}));
}

}  // namespace
}  // namespace racelab
