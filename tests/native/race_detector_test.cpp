// The race detector against hand-made traces, and against a brute-force oracle (a full vector
// clock for every access, every pair compared) on 10,000 random small traces.

#include "core/race_detector.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <set>

#include "core/deterministic_run.hpp"

namespace racelab {
namespace {

// A trace written by hand: one event per call, timestamps counting up.
class TraceBuilder {
 public:
  TraceBuilder& read(int worker, int field) { return add(worker, EventKind::Read, field, 0); }
  TraceBuilder& write(int worker, int field) { return add(worker, EventKind::Write, field, 0); }
  TraceBuilder& lock(int worker, int lock, bool shared = false) {
    return add(worker, EventKind::LockAcquired, lock, shared ? 1 : 0);
  }
  TraceBuilder& unlock(int worker, int lock, bool shared = false) {
    return add(worker, EventKind::LockReleased, lock, shared ? 1 : 0);
  }
  TraceBuilder& send(int worker, int channel, int value) {
    return add(worker, EventKind::Send, channel, value);
  }
  TraceBuilder& receive(int worker, int channel, int value) {
    return add(worker, EventKind::Receive, channel, value);
  }
  TraceBuilder& store(int worker, int field) {
    return add(worker, EventKind::AtomicStore, field, 1);
  }
  TraceBuilder& load(int worker, int field) { return add(worker, EventKind::AtomicLoad, field, 1); }
  TraceBuilder& add(int worker, EventKind kind, int field, std::int64_t value) {
    Event event;
    event.time_ns = static_cast<std::int64_t>(trace.size());
    event.worker = worker;
    event.kind = kind;
    event.field = field;
    event.value = value;
    trace.push_back(event);
    return *this;
  }
  Trace trace;
};

std::vector<RaceReport> races(const Trace& trace, std::vector<LockKind> locks = {LockKind::Mutex}) {
  return find_races(trace, 3, locks);
}

TEST(RaceDetector, SeesAnUnorderedReadAndWrite) {
  const auto found = races(TraceBuilder().read(0, 5).write(1, 5).trace);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].field, 5);
  EXPECT_EQ(found[0].current.worker, 1);
  EXPECT_TRUE(found[0].current.write);
  EXPECT_EQ(found[0].previous.worker, 0);
  EXPECT_FALSE(found[0].previous.write);
  EXPECT_FALSE(found[0].write_write());
}

TEST(RaceDetector, SeesTwoUnorderedWrites) {
  const auto found = races(TraceBuilder().write(0, 1).write(1, 1).trace);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].write_write());
}

TEST(RaceDetector, ReadsAloneNeverRace) {
  EXPECT_TRUE(races(TraceBuilder().read(0, 1).read(1, 1).read(2, 1).trace).empty());
}

TEST(RaceDetector, OneWorkersOwnAccessesNeverRace) {
  EXPECT_TRUE(races(TraceBuilder().read(0, 1).write(0, 1).write(0, 1).trace).empty());
}

TEST(RaceDetector, AMutexOrdersTheAccesses) {
  const auto trace =
      TraceBuilder().lock(0, 0).read(0, 1).write(0, 1).unlock(0, 0).lock(1, 0).write(1, 1).trace;
  EXPECT_TRUE(races(trace).empty());
}

TEST(RaceDetector, ADifferentLockOrdersNothing) {
  const auto trace =
      TraceBuilder().lock(0, 0).write(0, 1).unlock(0, 0).lock(1, 1).write(1, 1).trace;
  EXPECT_EQ(races(trace, {LockKind::Mutex, LockKind::Mutex}).size(), 1u);
}

TEST(RaceDetector, ReadLocksOrderReadersAfterTheWriterAndTheNextWriterAfterThem) {
  const auto trace = TraceBuilder()
                         .lock(0, 0)
                         .write(0, 1)
                         .unlock(0, 0)
                         .lock(1, 0, true)
                         .lock(2, 0, true)
                         .read(1, 1)
                         .read(2, 1)
                         .unlock(1, 0, true)
                         .unlock(2, 0, true)
                         .lock(0, 0)
                         .write(0, 1)
                         .trace;
  EXPECT_TRUE(races(trace, {LockKind::RWMutex}).empty());
}

TEST(RaceDetector, AReadLockDoesNotOrderReadersBeforeEachOthersWrites) {
  // Writing under a read lock is a bug the camera sees.
  const auto trace = TraceBuilder().lock(1, 0, true).lock(2, 0, true).write(1, 1).write(2, 1).trace;
  EXPECT_EQ(races(trace, {LockKind::RWMutex}).size(), 1u);
}

TEST(RaceDetector, AChannelOrdersTheSenderBeforeTheReceiver) {
  const auto trace = TraceBuilder().write(0, 1).send(0, 0, 42).receive(1, 0, 42).write(1, 1).trace;
  EXPECT_TRUE(races(trace).empty());
}

TEST(RaceDetector, AnAtomicStoreOrdersWhatCameBefore) {
  const auto ordered = TraceBuilder().write(0, 1).store(0, 9).load(1, 9).read(1, 1).trace;
  EXPECT_TRUE(races(ordered).empty());
  const auto unordered = TraceBuilder().load(1, 9).write(0, 1).store(0, 9).read(1, 1).trace;
  EXPECT_EQ(races(unordered).size(), 1u);
}

TEST(RaceDetector, SharedReadsAreEachCheckedAgainstALaterWrite) {
  const auto found = races(TraceBuilder().read(0, 1).read(1, 1).write(2, 1).trace);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].previous.worker, 0);
  EXPECT_EQ(found[1].previous.worker, 1);
}

TEST(RaceDetector, IdenticalPairsAreCounted) {
  // Each worker ticks its own clock through a lock of its own, so that every round's accesses are
  // new, yet nothing orders the two workers.
  TraceBuilder builder;
  for (int round = 0; round < 4; ++round) {
    builder.lock(0, 0).read(0, 1).unlock(0, 0).lock(1, 1).write(1, 1).unlock(1, 1);
  }
  const auto found = races(builder.trace, {LockKind::Mutex, LockKind::Mutex});
  ASSERT_EQ(found.size(), 2u);  // Bob's write after Alice's read, Alice's read after Bob's write
  EXPECT_EQ(found[0].count + found[1].count, 7);
}

// --- The oracle -------------------------------------------------------------------------------

struct Access {
  int worker;
  int field;
  bool write;
  std::vector<std::uint32_t> clock;
  std::int64_t time_ns;
};

// For each field with a race: the time of the first access that races with an earlier one.
std::map<int, std::int64_t> oracle(const Trace& trace, int workers,
                                   const std::vector<LockKind>& locks) {
  using Clock = std::vector<std::uint32_t>;
  auto join = [](Clock& into, const Clock& from) {
    for (std::size_t i = 0; i < into.size(); ++i)
      into[i] = std::max(into[i], from[i]);
  };
  std::vector<Clock> clocks(workers, Clock(workers, 0));
  for (int worker = 0; worker < workers; ++worker)
    clocks[worker][worker] = 1;
  std::vector<Clock> released(locks.size(), Clock(workers, 0));
  std::vector<Clock> read_released(locks.size(), Clock(workers, 0));
  std::map<int, Clock> atomics;
  std::map<int, std::deque<std::pair<std::int64_t, Clock>>> channels;
  std::vector<Access> accesses;

  for (const auto& event : trace) {
    auto& clock = clocks[event.worker];
    switch (event.kind) {
      case EventKind::Read:
      case EventKind::Write:
        accesses.push_back(
            {event.worker, event.field, event.kind == EventKind::Write, clock, event.time_ns});
        break;
      case EventKind::LockAcquired:
        join(clock, released[event.field]);
        if (locks[event.field] == LockKind::RWMutex && event.value != 1) {
          join(clock, read_released[event.field]);
        }
        break;
      case EventKind::LockReleased:
        join(locks[event.field] == LockKind::RWMutex && event.value == 1
                 ? read_released[event.field]
                 : released[event.field],
             clock);
        ++clock[event.worker];
        break;
      case EventKind::AtomicLoad:
        if (atomics.count(event.field)) join(clock, atomics[event.field]);
        break;
      case EventKind::AtomicStore:
      case EventKind::AtomicUpdate: {
        auto& atomic = atomics.try_emplace(event.field, Clock(workers, 0)).first->second;
        join(clock, atomic);
        join(atomic, clock);
        ++clock[event.worker];
        break;
      }
      case EventKind::Send:
        channels[event.field].push_back({event.value, clock});
        ++clock[event.worker];
        break;
      case EventKind::Receive: {
        auto& queue = channels[event.field];
        for (auto it = queue.begin(); it != queue.end(); ++it) {
          if (it->first == event.value) {
            join(clock, it->second);
            queue.erase(it);
            break;
          }
        }
        break;
      }
      default: break;
    }
  }

  std::map<int, std::int64_t> first_race;
  for (std::size_t later = 0; later < accesses.size(); ++later) {
    const auto& b = accesses[later];
    if (first_race.count(b.field)) continue;
    for (std::size_t earlier = 0; earlier < later; ++earlier) {
      const auto& a = accesses[earlier];
      if (a.field != b.field || a.worker == b.worker || (!a.write && !b.write)) continue;
      const bool ordered = a.clock[a.worker] <= b.clock[a.worker];
      if (!ordered) {
        first_race[b.field] = b.time_ns;
        break;
      }
    }
  }
  return first_race;
}

// A random, well-formed trace: locks are only released by their holders, channels only deliver
// what was sent.
Trace random_trace(SeededRandom& random, int workers, int fields, std::vector<LockKind>& locks) {
  locks.assign(random.below(3), LockKind::Mutex);
  for (auto& kind : locks)
    kind = random.below(2) ? LockKind::RWMutex : LockKind::Mutex;
  std::vector<int> writer(locks.size(), -1);
  std::vector<std::set<int>> readers(locks.size());
  std::vector<std::vector<std::pair<int, bool>>> held(workers);  // (lock, shared)
  std::deque<std::int64_t> channel;
  std::int64_t next_value = 1;

  TraceBuilder builder;
  const int length = 4 + static_cast<int>(random.below(28));
  while (static_cast<int>(builder.trace.size()) < length) {
    const int worker = static_cast<int>(random.below(workers));
    const auto choice = random.below(10);
    if (choice < 5) {
      const int field = static_cast<int>(random.below(fields));
      random.below(2) ? builder.read(worker, field) : builder.write(worker, field);
    } else if (choice < 7 && !locks.empty()) {
      const int lock = static_cast<int>(random.below(static_cast<std::uint32_t>(locks.size())));
      const bool shared = locks[lock] == LockKind::RWMutex && random.below(2);
      const bool mine = std::any_of(held[worker].begin(), held[worker].end(),
                                    [&](const auto& entry) { return entry.first == lock; });
      if (mine || writer[lock] >= 0 || (!shared && !readers[lock].empty())) continue;
      shared ? (void)readers[lock].insert(worker) : (void)(writer[lock] = worker);
      held[worker].push_back({lock, shared});
      builder.lock(worker, lock, shared);
    } else if (choice < 8 && !held[worker].empty()) {
      const auto [lock, shared] = held[worker].back();
      held[worker].pop_back();
      shared ? (void)readers[lock].erase(worker) : (void)(writer[lock] = -1);
      builder.unlock(worker, lock, shared);
    } else if (choice < 9) {
      if (random.below(2) || channel.empty()) {
        channel.push_back(next_value);
        builder.send(worker, 0, static_cast<int>(next_value++));
      } else {
        builder.receive(worker, 0, static_cast<int>(channel.front()));
        channel.pop_front();
      }
    } else {
      const int field = 100 + static_cast<int>(random.below(2));
      random.below(2) ? builder.store(worker, field) : builder.load(worker, field);
    }
  }
  return builder.trace;
}

TEST(RaceDetector, AgreesWithTheBruteForceOracleOnTenThousandRandomTraces) {
  SeededRandom random(2026);
  int with_races = 0;
  for (int round = 0; round < 10'000; ++round) {
    const int workers = 2 + static_cast<int>(random.below(3));
    const int fields = 1 + static_cast<int>(random.below(3));
    std::vector<LockKind> locks;
    const auto trace = random_trace(random, workers, fields, locks);

    const auto expected = oracle(trace, workers, locks);
    std::map<int, std::int64_t> found;
    for (const auto& report : find_races(trace, workers, locks)) {
      found.try_emplace(report.field, report.current.time_ns);
    }
    ASSERT_EQ(found, expected) << "round " << round;
    with_races += expected.empty() ? 0 : 1;
  }
  // The generator must make both kinds of trace, or the agreement means little.
  EXPECT_GT(with_races, 2000);
  EXPECT_LT(with_races, 9000);
}

}  // namespace
}  // namespace racelab
