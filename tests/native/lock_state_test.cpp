#include "core/lock_state.hpp"

#include <gtest/gtest.h>

namespace racelab {
namespace {

bool take(LockState& lock, int worker, LockSide side = LockSide::Exclusive) {
  std::int64_t permit = 0;
  return lock.acquire(worker, side, permit);
}

std::vector<int> release(LockState& lock, int worker, LockSide side = LockSide::Exclusive,
                         std::int64_t permit = 0) {
  std::vector<LockGrant> granted;
  lock.release(worker, side, permit, granted);
  std::vector<int> workers;
  for (const auto& grant : granted)
    workers.push_back(grant.worker);
  return workers;
}

TEST(Mutex, OneHolderAndWaitersInArrivalOrder) {
  LockState lock(LockKind::Mutex, 1);
  EXPECT_TRUE(take(lock, 0));
  EXPECT_FALSE(take(lock, 1));
  EXPECT_FALSE(take(lock, 2));
  EXPECT_EQ(lock.waiting(), 2);
  EXPECT_EQ(release(lock, 0), std::vector<int>{1});
  EXPECT_EQ(release(lock, 1), std::vector<int>{2});
  EXPECT_EQ(release(lock, 2), std::vector<int>{});
  EXPECT_TRUE(take(lock, 3));
}

TEST(RWMutex, ReadersOverlap) {
  LockState lock(LockKind::RWMutex, 1);
  for (int reader = 0; reader < 5; ++reader)
    EXPECT_TRUE(take(lock, reader, LockSide::Shared));
  EXPECT_EQ(lock.readers(), 5);
}

TEST(RWMutex, AWriterExcludesEveryone) {
  LockState lock(LockKind::RWMutex, 1);
  EXPECT_TRUE(take(lock, 0, LockSide::Exclusive));
  EXPECT_FALSE(take(lock, 1, LockSide::Shared));
  EXPECT_FALSE(take(lock, 2, LockSide::Exclusive));
  EXPECT_TRUE(lock.writer_inside());
  EXPECT_EQ(lock.readers(), 0);
}

TEST(RWMutex, AWaitingWriterBlocksNewReaders) {
  LockState lock(LockKind::RWMutex, 1);
  EXPECT_TRUE(take(lock, 0, LockSide::Shared));
  EXPECT_FALSE(take(lock, 1, LockSide::Exclusive));  // waits for reader 0
  EXPECT_FALSE(take(lock, 2, LockSide::Shared));     // would overlap reader 0, but a writer waits
  // The last reader out lets the writer in; the new reader still waits.
  EXPECT_EQ(release(lock, 0, LockSide::Shared), std::vector<int>{1});
  EXPECT_TRUE(lock.writer_inside());
  // The writer's release lets in every waiting reader.
  EXPECT_EQ(release(lock, 1, LockSide::Exclusive), std::vector<int>{2});
  EXPECT_EQ(lock.readers(), 1);
}

TEST(RWMutex, AWritersReleaseAdmitsAllWaitingReadersEvenBehindTheNextWriter) {
  LockState lock(LockKind::RWMutex, 1);
  EXPECT_TRUE(take(lock, 0, LockSide::Exclusive));
  EXPECT_FALSE(take(lock, 1, LockSide::Shared));
  EXPECT_FALSE(take(lock, 2, LockSide::Exclusive));
  EXPECT_FALSE(take(lock, 3, LockSide::Shared));
  EXPECT_EQ(release(lock, 0, LockSide::Exclusive), (std::vector<int>{1, 3}));
  EXPECT_EQ(lock.readers(), 2);
  EXPECT_EQ(release(lock, 1, LockSide::Shared), std::vector<int>{});
  EXPECT_EQ(release(lock, 3, LockSide::Shared), std::vector<int>{2});
  EXPECT_TRUE(lock.writer_inside());
}

TEST(Spinlock, RefusedWorkersDoNotQueue) {
  LockState lock(LockKind::Spinlock, 1);
  EXPECT_TRUE(take(lock, 0));
  EXPECT_FALSE(take(lock, 1));
  EXPECT_EQ(lock.waiting(), 0);
  EXPECT_EQ(release(lock, 0), std::vector<int>{});
  EXPECT_TRUE(take(lock, 1));
}

TEST(Semaphore, HandsOutNumberedPermits) {
  LockState lock(LockKind::Semaphore, 2);
  std::int64_t first = -1, second = -1, third = -1;
  EXPECT_TRUE(lock.acquire(0, LockSide::Exclusive, first));
  EXPECT_TRUE(lock.acquire(1, LockSide::Exclusive, second));
  EXPECT_FALSE(lock.acquire(2, LockSide::Exclusive, third));
  EXPECT_NE(first, second);
  std::vector<LockGrant> granted;
  lock.release(0, LockSide::Exclusive, first, granted);
  ASSERT_EQ(granted.size(), 1u);
  EXPECT_EQ(granted[0].worker, 2);
  EXPECT_EQ(granted[0].permit, first);
}

// The deadlock finder's edges.
TEST(Blockers, AWaiterWaitsForTheHoldersItCannotShareWith) {
  LockState lock(LockKind::Mutex, 1);
  EXPECT_TRUE(take(lock, 0));
  EXPECT_FALSE(take(lock, 1));
  EXPECT_FALSE(take(lock, 0));  // the holder asks again: it waits for itself
  EXPECT_EQ(lock.blockers(1), std::vector<int>{0});
  EXPECT_EQ(lock.blockers(0), std::vector<int>{0});
  EXPECT_EQ(lock.blockers(2), std::vector<int>{});  // not in line
}

TEST(Blockers, AReaderAskingAgainWaitsForTheWriterAheadNotForItself) {
  LockState lock(LockKind::RWMutex, 1);
  EXPECT_TRUE(take(lock, 0, LockSide::Shared));
  EXPECT_FALSE(take(lock, 1, LockSide::Exclusive));
  EXPECT_FALSE(take(lock, 0, LockSide::Shared));  // Go's writer preference: a deadlock
  EXPECT_EQ(lock.blockers(1), std::vector<int>{0});
  EXPECT_EQ(lock.blockers(0), std::vector<int>{1});
}

TEST(Blockers, ReleasesForgetTheHolder) {
  LockState lock(LockKind::RWMutex, 1);
  EXPECT_TRUE(take(lock, 0, LockSide::Shared));
  EXPECT_TRUE(take(lock, 2, LockSide::Shared));
  EXPECT_FALSE(take(lock, 1, LockSide::Exclusive));
  EXPECT_EQ(lock.blockers(1), (std::vector<int>{0, 2}));
  EXPECT_EQ(release(lock, 0, LockSide::Shared), std::vector<int>{});
  EXPECT_EQ(lock.blockers(1), std::vector<int>{2});
}

}  // namespace
}  // namespace racelab
