#pragma once

#include <array>
#include <atomic>
#include <memory>
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

// The shared calendar. Every access is a relaxed atomic: a worker's look at a slot and its later
// write are separate operations, so the check-then-act race is real, yet never undefined
// behaviour in C++. Any thread may call any member at any time.
class Calendar {
 public:
  explicit Calendar(int workers);

  // How many names the slot holds right now (0: free). One read of the shared calendar.
  int names_in(int slot) const;

  // Writes the worker's name onto the slot, after whatever names are already there.
  void write_name(int slot, int worker);

  // A copy of the whole calendar. During a run it may miss a name that is being written.
  CalendarPage snapshot() const;

 private:
  struct Slot {
    std::atomic<int> count{0};                  // names written so far
    std::unique_ptr<std::atomic<int>[]> names;  // room for every worker; -1 until written
  };

  int workers_;
  std::array<Slot, kSlotCount> slots_;
};

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
