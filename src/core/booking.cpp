#include "core/booking.hpp"

#include <algorithm>
#include <cassert>

#include "core/names.hpp"

namespace racelab {

std::string slot_label(int slot) {
  assert(slot >= 0 && slot < kSlotCount && "slot out of range");
  const int hour = 9 + slot;
  std::string label = hour < 10 ? "0" : "";
  label.append(std::to_string(hour)).append(":00");
  return label;
}

const std::array<int, kSlotCount>& slot_preference() {
  static const std::array<int, kSlotCount> order = {1, 2, 3, 4, 5, 6, 7, 8, 0};
  return order;
}

CalendarPage calendar_page(const std::vector<std::int64_t>& memory, int workers) {
  CalendarPage page;
  for (int worker = 0; worker < workers; ++worker) {
    const auto slot = memory[booked_field(worker)] - 1;
    if (slot >= 0 && slot < kSlotCount) page[slot].push_back(worker);
  }
  return page;
}

std::vector<DoubleBooking> find_double_bookings(const CalendarPage& page) {
  std::vector<DoubleBooking> found;
  for (int slot = 0; slot < kSlotCount; ++slot) {
    if (page[slot].size() <= 1) continue;
    // By worker, not by who wrote first: "Alice and Bob", whichever pen was quicker.
    auto workers = page[slot];
    std::sort(workers.begin(), workers.end());
    found.push_back({slot, std::move(workers)});
  }
  return found;
}

std::vector<int> workers_without_slot(const CalendarPage& page, int workers) {
  std::vector<bool> booked(workers, false);
  for (const auto& names : page) {
    for (int worker : names) {
      if (worker >= 0 && worker < workers) booked[worker] = true;
    }
  }
  std::vector<int> without;
  for (int worker = 0; worker < workers; ++worker) {
    if (!booked[worker]) without.push_back(worker);
  }
  return without;
}

std::string booking_verdict(const CalendarPage& page, int workers) {
  std::string verdict;
  const auto doubles = find_double_bookings(page);
  for (const auto& booking : doubles) {
    if (!verdict.empty()) verdict += " ";
    verdict += join_names(booking.workers) + (booking.workers.size() == 2 ? " both" : " all") +
               " hold " + slot_label(booking.slot) + ".";
  }
  if (doubles.empty()) {
    verdict = workers == 1 ? "No double booking."
                           : "No double booking: every name has a slot "
                             "of its own.";
  } else {
    verdict +=
        " Each looked, saw the slot free and wrote, with no receptionist between the look "
        "and the write.";
  }

  const auto without = workers_without_slot(page, workers);
  if (!without.empty()) {
    verdict += " " + join_names(without) + (without.size() == 1 ? " finds" : " find") +
               " the calendar full and " + (without.size() == 1 ? "leaves" : "leave") +
               " without a slot.";
  }
  return verdict;
}

std::vector<Violation> booking_violations(const CalendarPage& page) {
  std::vector<Violation> violations;
  for (const auto& booking : find_double_bookings(page)) {
    violations.push_back(
        {"double-booking", join_names(booking.workers) + " all hold " + slot_label(booking.slot)});
    if (booking.workers.size() == 2) {
      violations.back().detail =
          join_names(booking.workers) + " both hold " + slot_label(booking.slot);
    }
  }
  return violations;
}

nlohmann::json booking_outcome(const CalendarPage& page, int workers) {
  auto slots = nlohmann::json::array();
  for (int slot = 0; slot < kSlotCount; ++slot) {
    auto names = nlohmann::json::array();
    for (int worker : page[slot])
      names.push_back(worker_name(worker));
    slots.push_back({{"slot", slot_label(slot)}, {"names", names}});
  }
  auto without = nlohmann::json::array();
  for (int worker : workers_without_slot(page, workers))
    without.push_back(worker_name(worker));
  return {{"slots", slots}, {"without_slot", without}};
}

}  // namespace racelab
