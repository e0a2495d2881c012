#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/trace.hpp"

namespace racelab {

// An event with its place in the run's one order (the threads engine numbers every event from a
// single counter, so that the trace keeps happens-before order however the desks' clocks lag).
struct SequencedEvent {
  std::uint64_t sequence = 0;
  Event event;
};

// The events one desk records: appended by that desk alone, read meanwhile by one other thread
// (the controlling thread, for the live timeline) without a lock. Entries sit in fixed-size
// chunks that never move once written; after each entry the desk publishes how many are
// complete, and a reader reads no further than that, so it never sees an entry half-written.
// Aligned to a cache line: the desks' logs lie side by side and each desk writes its own often.
class alignas(64) EventLog {
  struct Chunk;

 public:
  static constexpr std::size_t kChunkEvents = 1024;

  EventLog();
  ~EventLog();
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // The desk only: adds an entry and publishes it.
  void append(std::uint64_t sequence, const Event& event);

  // Any thread: how many entries may be read.
  std::size_t published() const {
    // Acquire: pairs with append()'s release, so the entries counted are seen whole.
    return published_.load(std::memory_order_acquire);
  }

  // A place in a log for one reading thread, from its first entry on: peek() shows the entry at
  // the place once the desk has published it, advance() steps past it.
  class Cursor {
   public:
    explicit Cursor(const EventLog& log) : log_(&log), chunk_(log.first_.get()) {}

    // The entry at the cursor; null while the desk has not published it.
    const SequencedEvent* peek() {
      if (read_ == known_) {
        known_ = log_->published();
        if (read_ == known_) return nullptr;
      }
      // The chunk after a full one exists once an entry past it is published.
      if (index_ == kChunkEvents) {
        chunk_ = chunk_->next.get();
        index_ = 0;
      }
      return &chunk_->entries[index_];
    }
    // Requires peek() to have shown an entry.
    void advance() {
      ++index_;
      ++read_;
    }
    std::size_t read() const { return read_; }

   private:
    const EventLog* log_;
    const Chunk* chunk_;
    std::size_t index_ = 0;  // in chunk_
    std::size_t read_ = 0;   // entries stepped past
    std::size_t known_ = 0;  // entries published, as last seen
  };

 private:
  struct Chunk {
    std::array<SequencedEvent, kChunkEvents> entries;
    std::unique_ptr<Chunk> next;  // set by the desk before any entry in it is published
  };

  std::unique_ptr<Chunk> first_;
  Chunk* last_;              // the desk's
  std::size_t in_last_ = 0;  // entries in last_, the desk's
  std::size_t size_ = 0;     // the desk's own count of entries
  std::atomic<std::size_t> published_{0};
};

// Appends to `trace` the entries the cursors (one per desk) show, in sequence order, with times
// made non-decreasing along it (a desk's clock may lag another's by a little), beginning at
// sequence number `next` and counting it on. With `complete` false it stops at the first number
// no desk has published yet, so that what it appended is always a prefix of the whole run's
// order; with `complete` true (every desk is done) it takes everything. Stops after `limit`
// events in `trace`.
void merge_by_sequence(std::vector<EventLog::Cursor>& cursors, std::uint64_t& next, bool complete,
                       std::size_t limit, Trace& trace);

}  // namespace racelab
