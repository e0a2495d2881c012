#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/summary.hpp"

namespace racelab {

// The conference-room calendar of the `booking` scenario: nine hourly slots, 09:00 to 17:00.
// A slot is a sheet that names can be written onto; a worker who sees it blank writes their name.
inline constexpr int kSlotCount = 9;

// "09:00" … "17:00".
std::string slot_label(int slot);

// The order in which every worker looks at the slots: 10:00 first (everyone's favourite), then
// later in the day, and 09:00 only when everything else is taken.
const std::array<int, kSlotCount>& slot_preference();

// Names per slot, as worker indices in the order they were written.
using CalendarPage = std::array<std::vector<int>, kSlotCount>;

// Field layout of the booking scenario's shared memory: a holder per slot (0 free, else the
// worker's index + 1, the last name written), then per worker the slot it believes it holds
// (0 none, else slot + 1).
inline constexpr int kHolderField = 0;
inline int booked_field(int worker) {
  return kSlotCount + worker;
}

// The calendar as the workers believe it: per slot, everyone who wrote their name on it.
CalendarPage calendar_page(const std::vector<std::int64_t>& memory, int workers);

// The invariant: a slot holds at most one name.
struct DoubleBooking {
  int slot = 0;
  std::vector<int> workers;  // in worker order
};

std::vector<DoubleBooking> find_double_bookings(const CalendarPage& page);

// Workers (0 … workers-1) whose name is on no slot.
std::vector<int> workers_without_slot(const CalendarPage& page, int workers);

// "Alice and Bob both hold 10:00." — the run's outcome in plain words.
std::string booking_verdict(const CalendarPage& page, int workers);

// One violation of kind "double-booking" per slot with more than one name.
std::vector<Violation> booking_violations(const CalendarPage& page);

// The summary's `outcome`: {slots: [{slot, names}], without_slot: [names]}.
nlohmann::json booking_outcome(const CalendarPage& page, int workers);

}  // namespace racelab
