#pragma once

#include <vector>

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
ScenarioSpec abba_spec();
ScenarioSpec rwr_spec();
ScenarioSpec double_lock_spec();

// The `channel` lock type: one extra worker, the owner (index config.workers), serves every
// request arriving on channel 0 and answers each client on a channel of its own.
inline constexpr int kRequestChannel = 0;
inline int reply_channel(int client) {
  return 1 + client;
}
inline std::vector<int> owner_channels(int clients, int requests_in_flight) {
  std::vector<int> capacities(1 + clients, 1);
  capacities[kRequestChannel] = requests_in_flight;
  return capacities;
}

// Whether the lock type is a receptionist the programs acquire and release (lock index 0).
inline bool uses_lock(LockKind kind) {
  return kind != LockKind::None && kind != LockKind::Atomic && kind != LockKind::Channel;
}

// The one receptionist (lock 0) most scenarios use, when the lock type is one; none otherwise.
inline std::vector<LockSpec> single_lock(LockKind kind) {
  if (!uses_lock(kind)) return {};
  return {{kind, 1}};
}

// The `channel` lock type's owner: one helper worker, a request channel and a reply per client.
inline int owner_helpers(LockKind kind) {
  return kind == LockKind::Channel ? 1 : 0;
}
inline std::vector<int> owner_channels_for(LockKind kind, int clients) {
  if (kind != LockKind::Channel) return {};
  return owner_channels(clients, clients);
}

}  // namespace racelab
