#include "core/lock_state.hpp"

#include <algorithm>
#include <cassert>

namespace racelab {

LockState::LockState(LockKind kind, int permits) : kind_(kind) {
  if (kind == LockKind::Semaphore) {
    assert(permits > 0 && "a semaphore needs at least one permit");
    permit_taken_.assign(permits, false);
  }
}

bool LockState::may_enter(LockSide side) const {
  switch (kind_) {
    case LockKind::Semaphore: return free_permits() > 0 && queue_.empty();
    case LockKind::RWMutex:
      if (side == LockSide::Shared) return !exclusive_held_ && writers_waiting_ == 0;
      return !exclusive_held_ && readers_ == 0 && queue_.empty();
    default: return !exclusive_held_ && queue_.empty();
  }
}

int LockState::free_permits() const {
  int free = 0;
  for (bool taken : permit_taken_)
    free += taken ? 0 : 1;
  return free;
}

std::int64_t LockState::take_permit() {
  for (std::size_t permit = 0; permit < permit_taken_.size(); ++permit) {
    if (!permit_taken_[permit]) {
      permit_taken_[permit] = true;
      return static_cast<std::int64_t>(permit);
    }
  }
  assert(false && "take_permit with every permit taken");
  return -1;
}

bool LockState::acquire(int worker, LockSide side, std::int64_t& permit) {
  permit = 0;
  if (kind_ != LockKind::RWMutex) side = LockSide::Exclusive;
  if (may_enter(side)) {
    if (kind_ == LockKind::Semaphore) {
      permit = take_permit();
    } else if (side == LockSide::Shared) {
      ++readers_;
    } else {
      exclusive_held_ = true;
    }
    hold(worker, side);
    return true;
  }
  if (kind_ == LockKind::Spinlock) return false;
  queue_.push_back({worker, side});
  if (side == LockSide::Exclusive && kind_ == LockKind::RWMutex) ++writers_waiting_;
  return false;
}

void LockState::release(int worker, LockSide side, std::int64_t permit,
                        std::vector<LockGrant>& granted) {
  if (kind_ != LockKind::RWMutex) side = LockSide::Exclusive;
  const auto held = std::find_if(holders_.begin(), holders_.end(), [&](const Waiter& holder) {
    return holder.worker == worker && holder.side == side;
  });
  if (held != holders_.end()) holders_.erase(held);
  if (kind_ == LockKind::Semaphore) {
    assert(permit >= 0 && permit < static_cast<std::int64_t>(permit_taken_.size()) &&
           permit_taken_[permit] && "released a permit that was not taken");
    permit_taken_[permit] = false;
  } else if (kind_ == LockKind::RWMutex && side == LockSide::Shared) {
    assert(readers_ > 0 && "read-unlock of an RWMutex nobody reads");
    --readers_;
  } else {
    assert(exclusive_held_ && "unlock of a lock nobody holds");
    exclusive_held_ = false;
  }
  admit_waiters(side == LockSide::Exclusive, granted);
}

void LockState::admit_waiters(bool writer_left, std::vector<LockGrant>& granted) {
  if (kind_ == LockKind::Semaphore) {
    while (!queue_.empty() && free_permits() > 0) {
      granted.push_back({queue_.front().worker, take_permit()});
      hold(queue_.front().worker, LockSide::Exclusive);
      queue_.pop_front();
    }
    return;
  }
  if (exclusive_held_ || queue_.empty()) return;

  if (kind_ == LockKind::RWMutex) {
    // A writer's release lets in every waiting reader together, even those queued behind the
    // next writer, as Go does; that writer then waits until they are done.
    if (writer_left || writers_waiting_ == 0) {
      for (auto it = queue_.begin(); it != queue_.end();) {
        if (it->side == LockSide::Shared) {
          ++readers_;
          granted.push_back({it->worker, 0});
          hold(it->worker, LockSide::Shared);
          it = queue_.erase(it);
        } else {
          ++it;
        }
      }
    }
    if (readers_ > 0) return;
    // The first waiting writer, once nobody reads.
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
      if (it->side == LockSide::Exclusive) {
        --writers_waiting_;
        exclusive_held_ = true;
        granted.push_back({it->worker, 0});
        hold(it->worker, LockSide::Exclusive);
        queue_.erase(it);
        return;
      }
    }
    return;
  }

  exclusive_held_ = true;
  granted.push_back({queue_.front().worker, 0});
  hold(queue_.front().worker, LockSide::Exclusive);
  queue_.pop_front();
}

bool LockState::holds(int worker) const {
  return std::any_of(holders_.begin(), holders_.end(),
                     [&](const Waiter& holder) { return holder.worker == worker; });
}

bool LockState::waits_to_read(int worker) const {
  return kind_ == LockKind::RWMutex &&
         std::any_of(queue_.begin(), queue_.end(), [&](const Waiter& queued) {
           return queued.worker == worker && queued.side == LockSide::Shared;
         });
}

std::vector<int> LockState::blockers(int worker) const {
  std::vector<int> found;
  const auto waiter = std::find_if(queue_.begin(), queue_.end(),
                                   [&](const Waiter& queued) { return queued.worker == worker; });
  if (waiter == queue_.end()) return found;
  const bool reader = kind_ == LockKind::RWMutex && waiter->side == LockSide::Shared;
  for (const auto& holder : holders_) {
    if (!reader || holder.side == LockSide::Exclusive) found.push_back(holder.worker);
  }
  if (reader) {
    for (auto ahead = queue_.begin(); ahead != waiter; ++ahead) {
      if (ahead->side == LockSide::Exclusive) found.push_back(ahead->worker);
    }
  }
  return found;
}

}  // namespace racelab
