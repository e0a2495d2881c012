#pragma once

#include "core/lock.hpp"
#include "core/names.hpp"
#include "core/scenario.hpp"

namespace racelab {

// Each scenario file defines one of these; scenarios() lists them.
ScenarioSpec booking_spec();
ScenarioSpec flash_sale_spec();
ScenarioSpec ledger_spec();
ScenarioSpec bulletin_spec();
ScenarioSpec pool_spec();
ScenarioSpec cache_spec();

// Whether the lock type is a receptionist the programs acquire and release (lock index 0).
inline bool uses_lock(LockKind kind) {
  return kind != LockKind::None && kind != LockKind::Atomic && kind != LockKind::Channel;
}

}  // namespace racelab
