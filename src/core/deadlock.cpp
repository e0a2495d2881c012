#include "core/deadlock.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace racelab {

Deadlock find_deadlock(const std::vector<const LockState*>& locks, const std::vector<int>& waits_on,
                       std::vector<int> stuck) {
  Deadlock found;
  found.stuck = std::move(stuck);
  // Depth first over "waits for", without recursion (10,000 workers would be deep): a worker
  // seen again while still on the path closes the cycle.
  enum class Mark : std::uint8_t { New, OnPath, Done };
  std::vector<Mark> marks(waits_on.size(), Mark::New);
  struct Visit {
    int worker;
    std::vector<int> next;
    std::size_t tried = 0;
  };
  const auto blockers = [&](int worker) {
    const int lock = waits_on[worker];
    return lock >= 0 ? locks[lock]->blockers(worker) : std::vector<int>{};
  };
  for (const int start : found.stuck) {
    if (marks[start] != Mark::New) continue;
    std::vector<Visit> path{{start, blockers(start)}};
    marks[start] = Mark::OnPath;
    while (!path.empty()) {
      auto& visit = path.back();
      if (visit.tried == visit.next.size()) {
        marks[visit.worker] = Mark::Done;
        path.pop_back();
        continue;
      }
      const int next = visit.next[visit.tried++];
      if (marks[next] == Mark::OnPath) {
        const auto from = std::find_if(path.begin(), path.end(),
                                       [&](const Visit& on) { return on.worker == next; });
        for (auto on = from; on != path.end(); ++on) {
          const int lock = waits_on[on->worker];
          const int ahead = std::next(on) == path.end() ? next : std::next(on)->worker;
          found.cycle.push_back(on->worker);
          found.locks.push_back(lock);
          found.reading.push_back(locks[lock]->waits_to_read(on->worker));
          found.behind.push_back(!locks[lock]->holds(ahead));
        }
        return found;
      }
      if (marks[next] == Mark::New) {
        marks[next] = Mark::OnPath;
        path.push_back({next, blockers(next)});
      }
    }
  }
  return found;
}

}  // namespace racelab
