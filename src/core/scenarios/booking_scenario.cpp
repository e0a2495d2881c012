// booking: the conference room. Each worker reads the calendar, finds the earliest free slot
// (everyone prefers 10:00), thinks, then writes their name into the slot they saw free.

#include <algorithm>

#include "core/booking.hpp"
#include "core/config.hpp"
#include "core/scenarios/code.hpp"
#include "core/scenarios/registry.hpp"

namespace racelab {

namespace {

constexpr int kLook = 1;   // look at the calendar for a free slot
constexpr int kThink = 2;  // think, the free slot in mind
constexpr int kWrite = 3;  // write the name into it

class BookingRun final : public ScenarioRun {
 public:
  explicit BookingRun(const RunConfig& config) : workers_(config.workers), config_(config) {}

  std::vector<std::int64_t> initial_memory() const override {
    return std::vector<std::int64_t>(kSlotCount + workers_, 0);
  }

  int helpers() const override { return owner_helpers(config_.lock); }
  std::vector<int> channels() const override {
    return owner_channels_for(config_.lock, config_.workers);
  }

  std::vector<LockSpec> locks() const override { return single_lock(config_.lock); }

  WorkerTask program(Worker me) override {
    if (config_.lock == LockKind::Channel) {
      return me.index == workers_ ? serve_bookings(me) : ask_for_booking(me);
    }
    return config_.lock == LockKind::Atomic ? book_with_compare_and_swap(me) : book(me);
  }

  std::vector<Violation> violations(const std::vector<std::int64_t>& memory) const override {
    return booking_violations(calendar_page(memory, workers_));
  }

  // A double booking happens when a second name is written on a slot: the write of the
  // worker's booked slot (the owner's, under a channel, names its client by the field).
  std::vector<ViolationMark> violation_marks(const Trace& trace) const override {
    std::vector<ViolationMark> marks;
    CalendarPage page;
    for (const auto& event : trace) {
      if (event.kind != EventKind::Write || event.field < booked_field(0)) continue;
      const int worker = event.field - booked_field(0);
      const auto slot = event.value - 1;
      if (worker >= workers_ || slot < 0 || slot >= kSlotCount) continue;
      auto& names = page[slot];
      names.push_back(worker);
      if (names.size() < 2) continue;
      auto holders = names;
      std::sort(holders.begin(), holders.end());
      marks.push_back({event.time_ns, worker, names.front(), "double-booking",
                       join_names(holders) + (holders.size() == 2 ? " both" : " all") + " hold " +
                           slot_label(static_cast<int>(slot))});
      if (marks.size() >= kMostViolationMarks) break;
    }
    return marks;
  }

  nlohmann::json outcome(const std::vector<std::int64_t>& memory) const override {
    return booking_outcome(calendar_page(memory, workers_), workers_);
  }

  std::string verdict(const std::vector<std::int64_t>& memory) const override {
    return booking_verdict(calendar_page(memory, workers_), workers_);
  }

  std::string step_label(int, int step) const override {
    switch (step) {
      case kLook: return "look at the calendar";
      case kThink: return "think";
      case kWrite: return "write the name";
    }
    return "start";
  }

  std::vector<CodeLine> code(int worker) const override {
    CheckThinkAct words{.check_step = kLook,
                        .think_step = kThink,
                        .act_step = kWrite,
                        .check = "slot := firstFree(calendar)",
                        .test = "if slot != none {",
                        .act = "calendar[slot] = me; booked[me] = slot",
                        .cas_loop = "for _, slot := range preferred {",
                        .cas_check = "if atomic.Load(&calendar[slot]) != none { continue }",
                        .cas_act = "if atomic.CompareAndSwap(&calendar[slot], none, me) {",
                        .cas_after = "booked[me] = slot; return",
                        .owner_act = "calendar[slot] = c; booked[c] = slot"};
    return check_think_act_code(words, config_.lock, worker >= workers_);
  }

  std::string field_label(int field) const override {
    if (field < kSlotCount) return "the " + slot_label(field) + " slot";
    return worker_name(field - kSlotCount) + "'s booking";
  }

 private:
  // Look, think, write: guarded as a whole by the lock when there is one.
  WorkerTask book(Worker me) {
    const bool guarded = uses_lock(config_.lock);
    co_await me.step(kLook);
    if (guarded) co_await me.acquire(0);
    int chosen = -1;
    for (int slot : slot_preference()) {
      if (co_await me.read(kHolderField + slot) == 0) {
        chosen = slot;
        break;
      }
    }
    if (chosen >= 0) {
      co_await me.step(kThink);
      co_await me.think(config_.think_ms);
      co_await me.step(kWrite);
      co_await me.write(kHolderField + chosen, me.index + 1);
      co_await me.write(booked_field(me.index), chosen + 1);
    }
    if (guarded) co_await me.release(0);
  }

  // Lock-free: claim a slot only if it is still free at the moment of writing.
  WorkerTask book_with_compare_and_swap(Worker me) {
    for (int slot : slot_preference()) {
      co_await me.step(kLook);
      if (co_await me.load(kHolderField + slot) != 0) continue;
      co_await me.step(kThink);
      co_await me.think(config_.think_ms);
      co_await me.step(kWrite);
      if (co_await me.compare_exchange(kHolderField + slot, 0, me.index + 1)) {
        co_await me.write(booked_field(me.index), slot + 1);
        co_return;
      }
    }
  }

  int workers_;
  // The channel lock type: clients ask, the owner alone looks, thinks and writes.
  WorkerTask ask_for_booking(Worker me) {
    co_await me.step(kLook);
    co_await me.send(kRequestChannel, me.index);
    co_await me.receive(reply_channel(me.index));
  }

  WorkerTask serve_bookings(Worker me) {
    for (int served = 0; served < workers_; ++served) {
      co_await me.step(kLook);
      const auto client = static_cast<int>(co_await me.receive(kRequestChannel));
      int chosen = -1;
      for (int slot : slot_preference()) {
        if (co_await me.read(kHolderField + slot) == 0) {
          chosen = slot;
          break;
        }
      }
      if (chosen >= 0) {
        co_await me.step(kThink);
        co_await me.think(config_.think_ms);
        co_await me.step(kWrite);
        co_await me.write(kHolderField + chosen, client + 1);
        co_await me.write(booked_field(client), chosen + 1);
      }
      co_await me.send(reply_channel(client), chosen + 1);
    }
  }

  RunConfig config_;
};

}  // namespace

ScenarioSpec booking_spec() {
  return {.name = "booking",
          .title = "Conference room: who gets the 10:00 slot?",
          .story =
              "Each freelancer reads the calendar, finds the earliest free slot (everyone "
              "prefers 10:00), thinks for a moment, then writes their name into the slot they "
              "saw free.",
          .locks = {LockKind::None, LockKind::Mutex, LockKind::Spinlock, LockKind::Atomic,
                    LockKind::Channel},
          .default_workers = 2,
          .default_think_ms = 20,
          .params = {},
          .make = [](const RunConfig& config) { return std::make_unique<BookingRun>(config); }};
}

}  // namespace racelab
