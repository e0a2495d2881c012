#pragma once

#include <mutex>
#include <optional>
#include <string_view>

namespace racelab {

// How a scenario's shared resource is guarded: not at all, or by a receptionist (a mutex) who
// hands out the one logbook.
enum class LockKind { None, Mutex };

std::string_view lock_kind_name(LockKind kind);
std::optional<LockKind> parse_lock_kind(std::string_view text);

// "none, mutex": the valid names, for messages.
std::string_view lock_kind_choices();

// The receptionist of the threads engine. With LockKind::None it lets everyone through at once,
// which is exactly the point of that setting. Any desk thread may call acquire and release; the
// browser's main thread never does (it would have to spin).
class Receptionist {
 public:
  explicit Receptionist(LockKind kind) : kind_(kind) {}

  LockKind kind() const { return kind_; }
  bool guards() const { return kind_ != LockKind::None; }

  void acquire() {
    if (guards()) logbook_.lock();
  }
  void release() {
    if (guards()) logbook_.unlock();
  }

 private:
  LockKind kind_;
  std::mutex logbook_;
};

}  // namespace racelab
