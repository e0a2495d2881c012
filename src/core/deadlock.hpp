#pragma once

#include <optional>
#include <vector>

#include "core/lock_state.hpp"

namespace racelab {

// Workers that can never move again: no one runs, no one thinks, and whoever is left is in
// some line. Usually a wait-for cycle explains it: each worker of `cycle` is in line for
// `locks[i]` and waits there for the next worker of the cycle (the last for the first); a
// worker that asked again for a lock it holds is a cycle of one.
struct Deadlock {
  std::vector<int> cycle;
  std::vector<int> locks;
  std::vector<bool> reading;  // per link: the worker waits for the read side (an RWMutex's)
  std::vector<bool> behind;   // per link: the next worker is ahead in line, not inside
  std::vector<int> stuck;     // every worker left, in order; the cycle is among them
};

// Looks for the cycle among the `stuck` workers, where `waits_on[worker]` is the lock the worker
// is in line for (-1: none, e.g. a channel). The cycle is empty when there is none (someone waits
// on a channel nobody will use, or for a worker that left holding the lock).
Deadlock find_deadlock(const std::vector<const LockState*>& locks, const std::vector<int>& waits_on,
                       std::vector<int> stuck);

}  // namespace racelab
