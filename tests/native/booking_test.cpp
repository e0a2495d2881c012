#include "core/booking.hpp"

#include <gtest/gtest.h>

namespace racelab {
namespace {

TEST(SlotLabel, CoversNineToFive) {
  EXPECT_EQ(slot_label(0), "09:00");
  EXPECT_EQ(slot_label(1), "10:00");
  EXPECT_EQ(slot_label(8), "17:00");
}

TEST(SlotPreference, StartsAtTenAndVisitsEverySlotOnce) {
  const auto& order = slot_preference();
  EXPECT_EQ(order.front(), 1);
  EXPECT_EQ(order.back(), 0);
  std::array<int, kSlotCount> visits{};
  for (int slot : order)
    ++visits[slot];
  for (int count : visits)
    EXPECT_EQ(count, 1);
}

TEST(FindDoubleBookings, EmptyCalendarHasNone) {
  EXPECT_TRUE(find_double_bookings(CalendarPage{}).empty());
}

TEST(FindDoubleBookings, OneNamePerSlotIsFine) {
  CalendarPage page;
  for (int slot = 0; slot < kSlotCount; ++slot)
    page[slot] = {slot};
  EXPECT_TRUE(find_double_bookings(page).empty());
}

TEST(FindDoubleBookings, ListsEverySlotWithMoreThanOneName) {
  CalendarPage page;
  page[1] = {0, 1};
  page[2] = {2};
  page[5] = {5, 3, 4};
  const auto found = find_double_bookings(page);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].slot, 1);
  EXPECT_EQ(found[0].workers, (std::vector<int>{0, 1}));
  EXPECT_EQ(found[1].slot, 5);
  EXPECT_EQ(found[1].workers, (std::vector<int>{3, 4, 5}));
}

TEST(WorkersWithoutSlot, NamesThoseOnNoSlot) {
  CalendarPage page;
  page[1] = {0};
  page[2] = {2};
  EXPECT_EQ(workers_without_slot(page, 4), (std::vector<int>{1, 3}));
}

TEST(BookingVerdict, NamesTheDoubleBookedPair) {
  CalendarPage page;
  page[1] = {0, 1};
  const auto verdict = booking_verdict(page, 2);
  EXPECT_EQ(verdict.rfind("Alice and Bob both hold 10:00.", 0), 0u) << verdict;
}

TEST(BookingVerdict, SaysAllForThreeOrMore) {
  CalendarPage page;
  page[1] = {0, 1, 2};
  EXPECT_NE(booking_verdict(page, 3).find("Alice, Bob and Carol all hold 10:00."),
            std::string::npos);
}

TEST(BookingVerdict, CleanRunMentionsWhoLeftEmptyHanded) {
  CalendarPage page;
  for (int slot = 0; slot < kSlotCount; ++slot)
    page[slot] = {slot};
  const auto verdict = booking_verdict(page, 10);
  EXPECT_EQ(verdict.rfind("No double booking", 0), 0u) << verdict;
  EXPECT_NE(verdict.find("Judy finds the calendar full"), std::string::npos) << verdict;
}

TEST(BookingViolations, OnePerDoubleBookedSlot) {
  CalendarPage page;
  page[1] = {0, 1};
  page[3] = {2, 3};
  const auto violations = booking_violations(page);
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].kind, "double-booking");
  EXPECT_EQ(violations[0].detail, "Alice and Bob both hold 10:00");
  EXPECT_EQ(violations[1].detail, "Carol and Dave both hold 12:00");
}

TEST(BookingOutcome, ListsEverySlotWithNames) {
  CalendarPage page;
  page[1] = {1, 0};
  const auto outcome = booking_outcome(page, 3);
  ASSERT_EQ(outcome["slots"].size(), 9u);
  EXPECT_EQ(outcome["slots"][1]["slot"], "10:00");
  EXPECT_EQ(outcome["slots"][1]["names"], nlohmann::json({"Bob", "Alice"}));
  EXPECT_EQ(outcome["without_slot"], nlohmann::json({"Carol"}));
}

TEST(CalendarPage, ReadsWhoBelievesTheyHoldWhichSlot) {
  std::vector<std::int64_t> memory(kSlotCount + 3, 0);
  memory[booked_field(0)] = 2;  // Alice: 10:00
  memory[booked_field(2)] = 2;  // Carol: 10:00
  memory[booked_field(1)] = 5;  // Bob: 13:00
  const auto page = calendar_page(memory, 3);
  EXPECT_EQ(page[1], (std::vector<int>{0, 2}));
  EXPECT_EQ(page[4], (std::vector<int>{1}));
  EXPECT_TRUE(page[0].empty());
}

}  // namespace
}  // namespace racelab
