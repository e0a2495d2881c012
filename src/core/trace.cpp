#include "core/trace.hpp"

#include <algorithm>

namespace racelab {

std::string_view event_kind_name(EventKind kind) {
  switch (kind) {
    case EventKind::StepBegin:
      return "step-begin";
    case EventKind::StepEnd:
      return "step-end";
    case EventKind::LockRequested:
      return "lock-requested";
    case EventKind::LockAcquired:
      return "lock-acquired";
    case EventKind::LockReleased:
      return "lock-released";
    case EventKind::Read:
      return "read";
    case EventKind::Write:
      return "write";
  }
  return "unknown";
}

std::string_view resource_name(ResourceId resource) {
  switch (resource) {
    case ResourceId::None:
      return "";
    case ResourceId::Calendar:
      return "calendar";
  }
  return "unknown";
}

Trace merge_worker_traces(const std::vector<std::vector<Event>>& per_worker) {
  Trace trace;
  std::size_t total = 0;
  for (const auto& events : per_worker)
    total += events.size();
  trace.reserve(total);
  for (const auto& events : per_worker)
    trace.insert(trace.end(), events.begin(), events.end());

  // Stable, so that one worker's events keep their recorded order when timestamps tie.
  std::stable_sort(trace.begin(), trace.end(), [](const Event& a, const Event& b) {
    if (a.time_ns != b.time_ns) return a.time_ns < b.time_ns;
    return a.worker < b.worker;
  });
  return trace;
}

}  // namespace racelab
