#include "core/trace.hpp"

#include <algorithm>

namespace racelab {

std::string_view event_kind_name(EventKind kind) {
  switch (kind) {
    case EventKind::StepBegin: return "step-begin";
    case EventKind::StepEnd: return "step-end";
    case EventKind::LockRequested: return "lock-requested";
    case EventKind::LockAcquired: return "lock-acquired";
    case EventKind::LockReleased: return "lock-released";
    case EventKind::Read: return "read";
    case EventKind::Write: return "write";
    case EventKind::AtomicUpdate: return "atomic-update";
    case EventKind::AtomicLoad: return "atomic-load";
    case EventKind::AtomicStore: return "atomic-store";
    case EventKind::Block: return "block";
    case EventKind::Wake: return "wake";
    case EventKind::ThinkBegin: return "think-begin";
    case EventKind::ThinkEnd: return "think-end";
    case EventKind::Send: return "send";
    case EventKind::Receive: return "receive";
    case EventKind::Done: return "done";
  }
  return "unknown";
}

std::string_view resource_name(ResourceId resource) {
  switch (resource) {
    case ResourceId::None: return "";
    case ResourceId::Memory: return "memory";
    case ResourceId::Lock: return "lock";
    case ResourceId::Channel: return "channel";
  }
  return "unknown";
}

std::uint64_t trace_hash(const Trace& trace) {
  std::uint64_t hash = 14695981039346656037ull;
  auto mix = [&hash](std::int64_t value) {
    for (int byte = 0; byte < 8; ++byte) {
      hash ^= static_cast<std::uint64_t>(value >> (8 * byte)) & 0xff;
      hash *= 1099511628211ull;
    }
  };
  for (const auto& event : trace) {
    mix(event.time_ns);
    mix(event.worker);
    mix(event.desk);
    mix(static_cast<std::int64_t>(event.kind));
    mix(static_cast<std::int64_t>(event.resource));
    mix(event.step);
    mix(event.field);
    mix(event.value);
  }
  return hash;
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
