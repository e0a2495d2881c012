#include "core/event_log.hpp"

#include <algorithm>

namespace racelab {

EventLog::EventLog() : first_(std::make_unique<Chunk>()), last_(first_.get()) {}

EventLog::~EventLog() {
  // One chunk at a time: a chain of a few thousand freed recursively could exhaust a thread's
  // stack (a Web Worker's is small).
  auto chunk = std::move(first_);
  while (chunk)
    chunk = std::move(chunk->next);
}

void EventLog::append(std::uint64_t sequence, const Event& event) {
  if (in_last_ == kChunkEvents) {
    last_->next = std::make_unique<Chunk>();
    last_ = last_->next.get();
    in_last_ = 0;
  }
  last_->entries[in_last_++] = {sequence, event};
  ++size_;
  // Release: a reader that sees the new count sees this entry, and the chunk it is in, whole.
  published_.store(size_, std::memory_order_release);
}

void merge_by_sequence(std::vector<EventLog::Cursor>& cursors, std::uint64_t& next, bool complete,
                       std::size_t limit, Trace& trace) {
  std::size_t last_desk = 0;
  while (trace.size() < limit && !cursors.empty()) {
    // A desk usually makes several events in a row: the one that made the last is asked first.
    const SequencedEvent* found = cursors[last_desk].peek();
    if (!found || found->sequence != next) {
      found = nullptr;
      // Each desk's entries are in sequence order: the least of their first unread ones is next.
      for (std::size_t desk = 0; desk < cursors.size(); ++desk) {
        const SequencedEvent* entry = cursors[desk].peek();
        if (entry && (!found || entry->sequence < found->sequence)) {
          found = entry;
          last_desk = desk;
        }
      }
      // A number missing: a desk has taken it and not published its event yet.
      if (!found || (!complete && found->sequence != next)) return;
    }
    Event event = found->event;
    next = found->sequence + 1;
    cursors[last_desk].advance();
    if (!trace.empty()) event.time_ns = std::max(event.time_ns, trace.back().time_ns);
    trace.push_back(event);
  }
}

}  // namespace racelab
