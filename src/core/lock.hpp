#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace racelab {

// How a scenario's shared resource is guarded, in the coworking words of the UI:
//   none       nobody guards it
//   mutex      a receptionist hands out the one logbook
//   rwmutex    a receptionist lets many read the board but one write, alone (Go's RWMutex)
//   spinlock   no receptionist: whoever wants in keeps trying the door handle
//   atomic     each update is one compare-and-swap on the shared word
//   channel    one owner serves every request in turn ("share memory by communicating")
//   semaphore  numbered keys, one per connection of a pool
enum class LockKind { None, Mutex, RWMutex, Spinlock, Atomic, Channel, Semaphore };

std::string_view lock_kind_name(LockKind kind);
std::optional<LockKind> parse_lock_kind(std::string_view text);

// One sentence on what the lock type does, in the coworking words of the UI.
std::string_view lock_story(LockKind kind);

// "none, mutex, rwmutex": names for messages.
std::string lock_kind_list(std::span<const LockKind> kinds);

}  // namespace racelab
