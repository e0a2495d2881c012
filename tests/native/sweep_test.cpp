// The Mutex-against-RWMutex comparison: its points, its progress, Cancel, that it replays
// exactly, and the shape the model gives. Also the contention figure every run reports.

#include "core/sweep.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "core/deterministic_run.hpp"
#include "core/scenario.hpp"

namespace racelab {
namespace {

// A sweep small enough for a unit test, with the page's reading and think times.
SweepSettings small() {
  SweepSettings settings;
  settings.reader_shares = {50, 99};
  settings.workers = {2, 32};
  settings.acquisitions = 600;
  return settings;
}

const SweepPoint& find(const std::vector<SweepPoint>& points, LockKind lock, int workers,
                       int share) {
  for (const auto& point : points) {
    if (point.lock == lock && point.workers == workers && point.reader_share == share) return point;
  }
  ADD_FAILURE() << "no point " << lock_kind_name(lock) << " " << workers << " " << share;
  return points.front();
}

void run_to_end(Sweep& sweep) {
  for (int slice = 0; slice < 100'000 && !sweep.finished(); ++slice)
    sweep.advance(5.0);
  ASSERT_TRUE(sweep.finished());
}

TEST(Sweep, HasOnePointPerLockWorkersAndShare) {
  Sweep sweep;
  EXPECT_EQ(sweep.total(), 2 * 4 * 7);
  Sweep smaller(small());
  EXPECT_EQ(smaller.total(), 8);
  run_to_end(smaller);
  EXPECT_EQ(smaller.points().size(), 8u);
  EXPECT_EQ(smaller.done(), 8);
}

TEST(Sweep, ProgressRisesFromNothingToAll) {
  Sweep sweep(small());
  EXPECT_EQ(sweep.progress(), 0.0);
  double last = 0.0;
  int rises = 0;
  while (!sweep.finished()) {
    sweep.advance(0.2);
    EXPECT_GE(sweep.progress(), last);
    rises += sweep.progress() > last;
    last = sweep.progress();
  }
  EXPECT_EQ(sweep.progress(), 1.0);
  EXPECT_GE(rises, 8) << "at least once per point";
}

TEST(Sweep, CancelStopsItWherePointsEnd) {
  Sweep sweep(small());
  while (sweep.done() < 2)
    sweep.advance(0.2);
  const int done = sweep.done();
  const double progress = sweep.progress();
  sweep.cancel();
  sweep.advance(50.0);
  EXPECT_TRUE(sweep.finished());
  EXPECT_TRUE(sweep.cancelled());
  sweep.advance(50.0);
  EXPECT_EQ(sweep.done(), done);
  EXPECT_EQ(static_cast<int>(sweep.points().size()), done);
  EXPECT_EQ(sweep.progress(), progress);
  EXPECT_LT(sweep.progress(), 1.0);
}

// As the page runs it: on a thread of its own, watched and cancelled from another (TSan checks
// the handing over).
TEST(Sweep, RunsOnAThreadOfItsOwnWhileAnotherWatchesAndCancels) {
  for (bool cancel : {false, true}) {
    // The whole sweep where it is cancelled: long enough that Cancel comes before its end.
    Sweep sweep(cancel ? SweepSettings{} : small());
    std::thread background([&sweep] {
      while (!sweep.finished())
        sweep.advance(2.0);
    });
    double last = 0.0;
    while (!sweep.finished()) {
      EXPECT_GE(sweep.progress(), last);
      last = sweep.progress();
      if (cancel && sweep.done() >= 1) sweep.cancel();
      std::this_thread::yield();
    }
    background.join();
    EXPECT_EQ(sweep.cancelled(), cancel);
    EXPECT_EQ(static_cast<int>(sweep.points().size()), sweep.done());
    if (cancel) {
      EXPECT_LT(sweep.done(), sweep.total());
    } else {
      EXPECT_EQ(sweep.done(), sweep.total());
    }
  }
}

TEST(Sweep, TheSameSettingsGiveTheSameFigures) {
  Sweep first(small());
  Sweep second(small());
  run_to_end(first);
  // Sliced differently: the figures are virtual time's, not the machine's.
  while (!second.finished())
    second.advance(50.0);
  EXPECT_EQ(sweep_json(first.settings(), first.points()),
            sweep_json(second.settings(), second.points()));
}

TEST(Sweep, ReaderSharesComeOutAsAsked) {
  const SweepSettings settings;
  for (int workers : settings.workers) {
    for (int share : settings.reader_shares) {
      const auto config = sweep_point_config(settings, LockKind::Mutex, workers, share);
      const double reads = (workers - 1.0) * config.param("reads");
      const double actual = reads / (reads + config.param("updates"));
      EXPECT_NEAR(actual, share / 100.0, 0.01) << workers << " workers, " << share << " %";
      EXPECT_EQ(config.param("reading"), settings.reading_ms);
    }
  }
}

// What the model shows: readers who take time over the notice overlap under the RWMutex and
// queue one by one under the mutex. With many of them and few writes that is worth many times
// the throughput; when half the visits are writes, the writer's turns set the pace either way.
TEST(Sweep, RWMutexWinsWhereReadersAreManyAndWritesRare) {
  Sweep sweep(small());
  run_to_end(sweep);
  const auto& points = sweep.points();
  const auto& mutex_99 = find(points, LockKind::Mutex, 32, 99);
  const auto& rwmutex_99 = find(points, LockKind::RWMutex, 32, 99);
  EXPECT_GT(rwmutex_99.operations_per_second, 5 * mutex_99.operations_per_second);
  EXPECT_GT(mutex_99.contention, 0.9) << "nearly every reader queues for the logbook";
  EXPECT_LT(rwmutex_99.contention, 0.5);

  const auto& mutex_50 = find(points, LockKind::Mutex, 32, 50);
  const auto& rwmutex_50 = find(points, LockKind::RWMutex, 32, 50);
  EXPECT_LT(rwmutex_50.operations_per_second, 1.25 * mutex_50.operations_per_second);
  EXPECT_GT(rwmutex_50.operations_per_second, 0.8 * mutex_50.operations_per_second);

  // One reader has nobody to read beside: the two locks are the same there.
  EXPECT_EQ(find(points, LockKind::Mutex, 2, 99).operations_per_second,
            find(points, LockKind::RWMutex, 2, 99).operations_per_second);
}

TEST(Sweep, JsonNamesEveryPoint) {
  Sweep sweep(small());
  run_to_end(sweep);
  const auto json = sweep_json(sweep.settings(), sweep.points());
  ASSERT_EQ(json["points"].size(), 8u);
  EXPECT_EQ(json["settings"]["scenario"], "bulletin");
  const auto& point = json["points"][0];
  EXPECT_EQ(point["lock"], "mutex");
  EXPECT_EQ(point["workers"], 2);
  EXPECT_EQ(point["reader_share"], 50);
  EXPECT_GT(point["operations_per_second"].get<double>(), 0.0);
}

RunConfig bulletin(LockKind lock, int workers, int reading_ms) {
  auto config = RunConfig::for_scenario("bulletin");
  config.engine = EngineKind::Deterministic;
  config.lock = lock;
  config.workers = workers;
  config.think_ms = 1;
  config.params["reads"] = 10;
  config.params["updates"] = 2;
  config.params["reading"] = reading_ms;
  return config;
}

double contention(const RunConfig& config) {
  auto run = start_run(config, nullptr);
  run->wait();
  return run->summary().metrics["contention"].get<double>();
}

// Contention: the share of lock acquisitions that found the lock taken.
TEST(Contention, IsTheShareOfAcquisitionsThatWaited) {
  auto run = start_run(bulletin(LockKind::Mutex, 16, 1), nullptr);
  run->wait();
  const auto metrics = run->summary().metrics;
  const double acquisitions = metrics["lock_acquisitions"].get<double>();
  EXPECT_EQ(acquisitions, 15 * 10 + 2);
  const double contended = metrics["contended_acquisitions"].get<double>();
  EXPECT_GT(contended, 0.0);
  EXPECT_DOUBLE_EQ(metrics["contention"].get<double>(), contended / acquisitions);

  EXPECT_EQ(contention(bulletin(LockKind::Mutex, 1, 1)), 0.0) << "a lone writer never waits";
  EXPECT_GT(contention(bulletin(LockKind::Mutex, 16, 1)),
            contention(bulletin(LockKind::RWMutex, 16, 1)));
  EXPECT_GT(contention(bulletin(LockKind::Spinlock, 16, 1)), 0.0);
  EXPECT_LE(contention(bulletin(LockKind::Spinlock, 16, 1)), 1.0) << "one count per acquisition";
}

TEST(Contention, IsCountedOnTheThreadsEngineToo) {
  auto config = bulletin(LockKind::Mutex, 8, 2);
  config.engine = EngineKind::Threads;
  config.desks = 2;
  DeskPool desks(2);
  auto run = start_run(config, &desks);
  run->wait();
  const auto metrics = run->summary().metrics;
  EXPECT_GT(metrics["contended_acquisitions"].get<double>(), 0.0)
      << "readers who hold the logbook for milliseconds make the others wait";
  EXPECT_LE(metrics["contention"].get<double>(), 1.0);
}

// Reading that takes time is new; at its default of 0 the board runs as it always did.
TEST(Bulletin, ReadingTimeZeroAddsNoPause) {
  auto config = bulletin(LockKind::None, 4, 0);
  auto run = start_run(config, nullptr);
  run->wait();
  const auto trace = run->trace();
  int thinks = 0;
  for (const auto& event : trace)
    thinks += event.kind == EventKind::ThinkBegin;
  // The writer thinks 3 times per update on the board and once away; each reader once a round.
  EXPECT_EQ(thinks, 2 * 4 + 3 * 10);
  config.params["reading"] = 2;
  auto slower = start_run(config, nullptr);
  slower->wait();
  int slower_thinks = 0;
  for (const auto& event : slower->trace())
    slower_thinks += event.kind == EventKind::ThinkBegin;
  EXPECT_EQ(slower_thinks, thinks + 3 * 3 * 10) << "a pause after each sheet but the last";
  // Each reader: ten rounds of three 2 ms pauses and a 1 ms think.
  EXPECT_GE(slower->elapsed_ms(), 10 * (3 * 2 + 1));
}

}  // namespace
}  // namespace racelab
