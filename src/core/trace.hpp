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
};

std::string_view event_kind_name(EventKind kind);

// Resources a scenario shares; the index names the thing, `field` the part of it.
enum class ResourceId : std::uint8_t { None, Calendar };

std::string_view resource_name(ResourceId resource);

struct Event {
  std::int64_t time_ns = 0;  // since the run's doors opened
  std::int32_t worker = 0;
  std::int32_t desk = 0;
  EventKind kind = EventKind::StepBegin;
  ResourceId resource = ResourceId::None;
  std::int16_t step = 0;  // 1-based step of the worker's program, 0 outside any step
  std::int32_t field = 0;
  std::int64_t value = 0;
};

// The whole run's events in time order (ties broken by worker, then by recording order).
using Trace = std::vector<Event>;

// Merges per-worker event lists, each already in its own time order, into one Trace.
Trace merge_worker_traces(const std::vector<std::vector<Event>>& per_worker);

}  // namespace racelab
