#include "core/lock.hpp"

namespace racelab {

std::string_view lock_kind_name(LockKind kind) {
  switch (kind) {
    case LockKind::None:
      return "none";
    case LockKind::Mutex:
      return "mutex";
  }
  return "none";
}

std::optional<LockKind> parse_lock_kind(std::string_view text) {
  if (text == "none") return LockKind::None;
  if (text == "mutex") return LockKind::Mutex;
  return std::nullopt;
}

std::string_view lock_kind_choices() {
  return "none, mutex";
}

}  // namespace racelab
