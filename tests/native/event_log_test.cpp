#include "core/event_log.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace racelab {
namespace {

Event numbered(std::uint64_t n) {
  Event event;
  event.time_ns = static_cast<std::int64_t>(n) * 10;
  event.worker = static_cast<std::int32_t>(n % 7);
  event.value = static_cast<std::int64_t>(n);
  return event;
}

TEST(EventLog, AReaderSeesEveryEntryWholeAndInOrderWhileTheDeskWrites) {
  // Several chunks' worth, read while written: each entry seen once, whole, in order.
  constexpr std::uint64_t kEntries = 5 * EventLog::kChunkEvents + 17;
  EventLog log;
  std::thread desk([&] {
    for (std::uint64_t n = 0; n < kEntries; ++n)
      log.append(3 * n, numbered(n));
  });
  EventLog::Cursor cursor(log);
  std::size_t published_before = 0;
  for (std::uint64_t n = 0; n < kEntries;) {
    const std::size_t published = log.published();
    ASSERT_GE(published, published_before) << "the published count went down";
    published_before = published;
    const SequencedEvent* entry = cursor.peek();
    if (!entry) {
      std::this_thread::yield();
      continue;
    }
    ASSERT_EQ(entry->sequence, 3 * n);
    ASSERT_EQ(entry->event.value, static_cast<std::int64_t>(n));
    ASSERT_EQ(entry->event.time_ns, static_cast<std::int64_t>(n) * 10);
    cursor.advance();
    ++n;
  }
  desk.join();
  EXPECT_EQ(cursor.peek(), nullptr);
  EXPECT_EQ(cursor.read(), kEntries);
  EXPECT_EQ(log.published(), kEntries);
}

TEST(EventLog, MergeStopsAtTheFirstNumberNoDeskPublishedYet) {
  EventLog first, second, third;
  first.append(0, numbered(0));
  first.append(1, numbered(1));
  second.append(3, numbered(3));  // 2 is still on its way, from the third desk

  std::vector<EventLog::Cursor> cursors;
  for (const EventLog* log : {&first, &second, &third})
    cursors.emplace_back(*log);
  std::uint64_t next = 0;
  Trace trace;
  merge_by_sequence(cursors, next, false, 100, trace);
  ASSERT_EQ(trace.size(), 2u);
  EXPECT_EQ(next, 2u);

  first.append(4, numbered(4));
  merge_by_sequence(cursors, next, false, 100, trace);
  EXPECT_EQ(trace.size(), 2u) << "2 is still missing";

  third.append(2, numbered(2));
  merge_by_sequence(cursors, next, false, 100, trace);
  ASSERT_EQ(trace.size(), 5u);
  for (std::size_t i = 0; i < trace.size(); ++i)
    EXPECT_EQ(trace[i].value, static_cast<std::int64_t>(i));

  // Once every desk is done nothing is missing; `complete` takes whatever there is.
  second.append(6, numbered(6));
  merge_by_sequence(cursors, next, true, 100, trace);
  ASSERT_EQ(trace.size(), 6u);
  EXPECT_EQ(trace.back().value, 6);
}

TEST(EventLog, MergedTimesNeverGoBack) {
  EventLog first, second;
  Event late = numbered(0);
  late.time_ns = 500;
  first.append(0, late);
  Event lagging = numbered(1);
  lagging.time_ns = 400;  // a desk whose clock lags
  second.append(1, lagging);
  std::vector<EventLog::Cursor> cursors{EventLog::Cursor(first), EventLog::Cursor(second)};
  std::uint64_t next = 0;
  Trace trace;
  merge_by_sequence(cursors, next, false, 100, trace);
  ASSERT_EQ(trace.size(), 2u);
  EXPECT_EQ(trace[1].time_ns, 500);
  EXPECT_EQ(trace[1].worker, 1);
}

}  // namespace
}  // namespace racelab
