#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace racelab {

// What happened at one moment of a run. Every engine emits these and every view (and later the
// race detector) reads them; nothing downstream looks at engine internals.
enum class EventKind : std::uint8_t {
  StepBegin,      // the worker starts step `step` of its program
  StepEnd,        // … and finishes it
  LockRequested,  // the worker asks the receptionist for the lock
  LockAcquired,   // … and gets it
  LockReleased,   // … and hands it back
  Read,           // the worker read `field` of `resource` and saw `value`
  Write,          // the worker wrote `value` into `field` of `resource`
  AtomicUpdate,   // a compare-and-swap on `field`; `value` 1 if it swapped
  AtomicLoad,     // an atomic (acquire) load of `field` that saw `value`
  AtomicStore,    // an atomic (release) store of `value` into `field`
  Block,          // the worker waits (for a lock: `field` names it)
  Wake,           // … and may go on
  ThinkBegin,     // the worker thinks for `value` ms
  ThinkEnd,
  Send,     // the worker put `value` into channel `field`
  Receive,  // the worker took `value` from channel `field`
  Done,     // the program has returned
};

std::string_view event_kind_name(EventKind kind);

// What an event touched: a field of the scenario's shared memory, or one of its locks.
enum class ResourceId : std::uint8_t { None, Memory, Lock, Channel };

std::string_view resource_name(ResourceId resource);

struct Event {
  std::int64_t time_ns = 0;  // since the run's doors opened
  std::int32_t worker = 0;
  std::int32_t desk = 0;
  EventKind kind = EventKind::StepBegin;
  ResourceId resource = ResourceId::None;
  std::int16_t step = 0;  // 1-based step of the worker's program, 0 outside any step
  std::int32_t field = 0;
  std::int64_t value = 0;  // for lock events: the permit of a semaphore, 1 for a read lock
};

// The whole run's events in time order (ties broken by worker, then by recording order).
using Trace = std::vector<Event>;

// FNV-1a over every field of every event. On the deterministic engine (virtual time) the same
// seed and settings give the same hash on every platform.
std::uint64_t trace_hash(const Trace& trace);

// Merges per-worker event lists, each already in its own time order, into one Trace.
Trace merge_worker_traces(const std::vector<std::vector<Event>>& per_worker);

}  // namespace racelab
