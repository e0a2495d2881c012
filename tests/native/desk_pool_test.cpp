#include "core/desk_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

namespace racelab {
namespace {

TEST(DeskPool, RunsOneJobPerRequestedDesk) {
  DeskPool pool(8);
  for (int count : {1, 3, 8, 0, 8}) {
    std::vector<std::atomic<int>> runs(8);
    pool.dispatch(count, [&](int desk) { runs[desk].fetch_add(1); });
    pool.wait_idle();
    EXPECT_TRUE(pool.idle());
    for (int desk = 0; desk < 8; ++desk)
      EXPECT_EQ(runs[desk].load(), desk < count ? 1 : 0);
  }
}

TEST(DeskPool, JobsRunOnDistinctThreadsAtTheSameTime) {
  constexpr int kDesks = 4;
  DeskPool pool(kDesks);
  std::atomic<int> arrived{0};
  std::vector<std::thread::id> ids(kDesks);
  pool.dispatch(kDesks, [&](int desk) {
    ids[desk] = std::this_thread::get_id();
    arrived.fetch_add(1);
    // Every job waits for all the others: this only ends if they really run side by side.
    while (arrived.load() < kDesks)
      std::this_thread::yield();
  });
  pool.wait_idle();
  EXPECT_EQ(std::set<std::thread::id>(ids.begin(), ids.end()).size(), kDesks);
  EXPECT_EQ(std::set<std::thread::id>(ids.begin(), ids.end()).count(std::this_thread::get_id()),
            0u);
}

TEST(DeskPool, IdleIsFalseWhileAJobRuns) {
  DeskPool pool(1);
  std::atomic<bool> release{false};
  pool.dispatch(1, [&](int) {
    while (!release.load())
      std::this_thread::yield();
  });
  EXPECT_FALSE(pool.idle());
  release.store(true);
  pool.wait_idle();
  EXPECT_TRUE(pool.idle());
}

}  // namespace
}  // namespace racelab
