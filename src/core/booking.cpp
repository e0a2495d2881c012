#include "core/booking.hpp"

#include <algorithm>
#include <cassert>

#include "core/names.hpp"

namespace racelab {

namespace {

// "Alice", "Alice and Bob", "Alice, Bob and Carol".
std::string join_names(const std::vector<int>& workers) {
  std::string text;
  for (std::size_t i = 0; i < workers.size(); ++i) {
    if (i > 0) text += i + 1 == workers.size() ? " and " : ", ";
    text += worker_name(workers[i]);
  }
  return text;
}

}  // namespace

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

Calendar::Calendar(int workers) : workers_(workers) {
  assert(workers > 0 && "a calendar needs room for at least one name");
  for (auto& slot : slots_) {
    slot.names = std::make_unique<std::atomic<int>[]>(workers);
    for (int i = 0; i < workers; ++i)
      slot.names[i].store(-1, std::memory_order_relaxed);
  }
}

int Calendar::names_in(int slot) const {
  return slots_[slot].count.load(std::memory_order_relaxed);
}

void Calendar::write_name(int slot, int worker) {
  // The pen never smudges another name: the line is claimed atomically. What is not atomic is
  // the worker's earlier look at the slot, and that is the race this scenario is about.
  const int line = slots_[slot].count.fetch_add(1, std::memory_order_relaxed);
  assert(line < workers_ && "each worker writes at most one name");
  slots_[slot].names[line].store(worker, std::memory_order_relaxed);
}

CalendarPage Calendar::snapshot() const {
  CalendarPage page;
  for (int slot = 0; slot < kSlotCount; ++slot) {
    const int count = std::min(names_in(slot), workers_);
    for (int line = 0; line < count; ++line) {
      const int worker = slots_[slot].names[line].load(std::memory_order_relaxed);
      if (worker >= 0) page[slot].push_back(worker);
    }
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
