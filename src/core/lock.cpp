#include "core/lock.hpp"

#include <array>
#include <utility>

namespace racelab {

namespace {

constexpr std::array<std::pair<LockKind, std::string_view>, 7> kNames = {{
    {LockKind::None, "none"},
    {LockKind::Mutex, "mutex"},
    {LockKind::RWMutex, "rwmutex"},
    {LockKind::Spinlock, "spinlock"},
    {LockKind::Atomic, "atomic"},
    {LockKind::Channel, "channel"},
    {LockKind::Semaphore, "semaphore"},
}};

}  // namespace

std::string_view lock_kind_name(LockKind kind) {
  for (const auto& [known, name] : kNames) {
    if (known == kind) return name;
  }
  return "none";
}

std::optional<LockKind> parse_lock_kind(std::string_view text) {
  for (const auto& [kind, name] : kNames) {
    if (name == text) return kind;
  }
  return std::nullopt;
}

std::string_view lock_story(LockKind kind) {
  switch (kind) {
    case LockKind::None:
      return "Nobody guards the resource: everyone looks and writes when they like.";
    case LockKind::Mutex:
      return "A receptionist hands out the one logbook: look, think and write happen while "
             "holding it; everyone else queues.";
    case LockKind::RWMutex:
      return "The receptionist lets any number read together but a writer alone; once a writer "
             "waits, new readers wait behind it (Go's RWMutex).";
    case LockKind::Spinlock:
      return "No receptionist: whoever wants in keeps trying the door handle, keeping a desk "
             "busy while they do.";
    case LockKind::Atomic:
      return "No lock: each update is one compare-and-swap that fails if the value changed "
             "since it was read, and the worker looks again.";
    case LockKind::Channel:
      return "One owner serves every request in turn: share memory by communicating.";
    case LockKind::Semaphore:
      return "Numbered keys, one per connection: the receptionist hands out a free key or "
             "makes you wait.";
  }
  return "";
}

std::string lock_kind_list(std::span<const LockKind> kinds) {
  std::string list;
  for (auto kind : kinds) {
    if (!list.empty()) list += ", ";
    list += lock_kind_name(kind);
  }
  return list;
}

}  // namespace racelab
