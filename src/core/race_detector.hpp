#pragma once

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "core/lock.hpp"
#include "core/trace.hpp"

namespace racelab {

// One side of a race: who touched the field, in which step of their program, and when.
struct RaceAccess {
  int worker = 0;
  int step = 0;
  std::int64_t time_ns = 0;
  bool write = false;
};

// Two accesses to one field, at least one a write, neither ordered before the other.
struct RaceReport {
  int field = 0;
  RaceAccess current;   // the later access in the trace
  RaceAccess previous;  // the earlier one it conflicts with
  int count = 1;        // identical pairs (same field, workers, steps and kinds) seen

  bool write_write() const { return current.write && previous.write; }
};

// The security camera: a happens-before analysis over the event trace with vector clocks, in the
// manner of FastTrack. A field keeps an epoch for its last write and a read epoch that becomes a
// read vector only once several workers read it unordered. The edges: a lock's release before its
// next acquire (an RWMutex's read releases before its next write acquire; a semaphore's releases
// before every later acquire), a channel send before the receive of that value, atomic stores and
// compare-and-swaps before later atomic operations on the field, and each worker's own order.
//
// Feed it a whole trace in order. Memory is O(workers²) for the clocks, so runs past
// kMaxWorkers are not analysed.
class RaceDetector {
 public:
  static constexpr int kMaxWorkers = 1024;

  RaceDetector(int workers, std::vector<LockKind> lock_kinds);

  void observe(const Event& event);

  // Every distinct race found so far, in the order found.
  const std::vector<RaceReport>& reports() const { return reports_; }

 private:
  using VectorClock = std::vector<std::uint32_t>;
  struct Epoch {
    int worker = -1;  // -1: none
    std::uint32_t clock = 0;
  };
  struct FieldState {
    Epoch write;
    RaceAccess write_access;
    Epoch read;  // while reads are ordered
    RaceAccess read_access;
    bool read_shared = false;
    VectorClock reads;                   // once read-shared: per worker, its last read's clock
    std::vector<RaceAccess> read_sides;  // … and that read
  };
  struct LockClocks {
    VectorClock released;       // the exclusive side's releases
    VectorClock read_released;  // an RWMutex's read releases
  };
  struct Message {
    std::int64_t value;
    VectorClock clock;
  };

  bool ordered_before(const Epoch& epoch, int worker) const;
  void join(VectorClock& into, const VectorClock& from) const;
  void tick(int worker) { ++clocks_[worker][worker]; }
  FieldState& field(int index);
  VectorClock& lock_clock(int lock, bool read_side);
  void read(const Event& event);
  void write(const Event& event);
  void report(int field, const RaceAccess& current, const RaceAccess& previous);

  int workers_;
  std::vector<LockKind> lock_kinds_;
  std::vector<VectorClock> clocks_;
  std::vector<FieldState> fields_;
  std::vector<LockClocks> locks_;
  std::vector<VectorClock> atomics_;
  std::vector<std::deque<Message>> channels_;
  std::vector<RaceReport> reports_;
  std::unordered_map<std::uint64_t, std::vector<int>> seen_;  // pair hash -> indices in reports_
};

// Runs the detector over a whole trace; nothing when it has more than kMaxWorkers workers.
std::vector<RaceReport> find_races(const Trace& trace, int workers,
                                   const std::vector<LockKind>& lock_kinds);

}  // namespace racelab
