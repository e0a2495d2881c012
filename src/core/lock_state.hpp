#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "core/lock.hpp"
#include "core/worker_program.hpp"

namespace racelab {

// Who got a lock when another worker let go of it.
struct LockGrant {
  int worker = 0;
  std::int64_t permit = 0;  // which of a semaphore's permits; 0 otherwise
};

// The rules of one receptionist, shared by every engine: who may enter now, who waits in which
// order, and whom a release lets in.
//
//   Mutex      one holder; waiters in arrival order.
//   RWMutex    as Go's sync.RWMutex: any number of readers together, a writer alone; once a writer
//              waits, new readers wait behind it; a writer's release lets in every waiting reader.
//   Spinlock   one holder; nobody queues: a refused worker retries (and keeps its desk busy).
//   Semaphore  `permits` numbered permits (a pool's connections); waiters in arrival order.
//
// Not thread-safe: the threads engine guards each LockState with a mutex of its own.
class LockState {
 public:
  LockState(LockKind kind, int permits);

  LockKind kind() const { return kind_; }

  // Takes the lock now if the rules allow; otherwise a queueing lock puts the worker in line (it
  // is granted later, by some release) and a spinlock does not. Returns whether it was granted.
  bool acquire(int worker, LockSide side, std::int64_t& permit);

  // The worker gives the lock back; appends to `granted` the waiters it lets in, in grant order.
  void release(int worker, LockSide side, std::int64_t permit, std::vector<LockGrant>& granted);

  int readers() const { return readers_; }
  bool writer_inside() const { return exclusive_held_; }
  int waiting() const { return static_cast<int>(queue_.size()); }

  // Whom a worker in this lock's line waits for: the holders its side cannot share the lock with
  // and, for an RWMutex's reader, the writers ahead of it (Go lets no new reader pass a waiting
  // writer). Empty when the worker is not in line. The deadlock finder follows these.
  std::vector<int> blockers(int worker) const;
  // Whether the worker is inside, and whether it stands in line to read.
  bool holds(int worker) const;
  bool waits_to_read(int worker) const;

 private:
  struct Waiter {
    int worker;
    LockSide side;
  };

  void hold(int worker, LockSide side) { holders_.push_back({worker, side}); }

  bool may_enter(LockSide side) const;
  int free_permits() const;
  std::int64_t take_permit();
  void admit_waiters(bool writer_left, std::vector<LockGrant>& granted);

  LockKind kind_;
  bool exclusive_held_ = false;
  int readers_ = 0;
  int writers_waiting_ = 0;
  std::vector<bool> permit_taken_;
  std::deque<Waiter> queue_;
  std::vector<Waiter> holders_;  // who is inside, on which side; a re-entered read lock twice
};

}  // namespace racelab
