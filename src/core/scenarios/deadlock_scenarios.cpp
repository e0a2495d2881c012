// The deadlock scenarios: nobody breaks an invariant, everybody stops. Each has a `fixed`
// parameter that removes the cause (one lock order for everyone; no second read lock; no second
// lock), so the same link with fixed=1 shows the cure.
//
//   abba         Half the workers take the conference room and then the projector, the other
//                half the projector and then the room: each ends up holding what the other needs.
//   rwr          A reader takes the board's read lock and asks for it again while a writer waits
//                in between. Go's RWMutex lets no new reader pass a waiting writer, and the
//                writer waits for the first read: a deadlock of two.
//   double-lock  A worker locks the mutex it already holds, and waits for itself.

#include "core/config.hpp"
#include "core/scenarios/code.hpp"
#include "core/scenarios/registry.hpp"

namespace racelab {

namespace {

constexpr ParamSpec fixed_param(std::string_view label) {
  return {"fixed", label, 0, 1, 0};
}

// What every deadlock scenario records: per worker, whether it got its work done.
std::int64_t workers_done_in(const std::vector<std::int64_t>& memory, int from) {
  std::int64_t done = 0;
  for (std::size_t field = from; field < memory.size(); ++field)
    done += memory[field] != 0 ? 1 : 0;
  return done;
}

std::string done_verdict(std::int64_t done, int workers, std::string_view what) {
  if (done == workers) return "Everyone " + std::string(what) + ".";
  return std::to_string(done) + " of " + counted(workers, "worker", "workers") + " " +
         std::string(what) + ".";
}

// [SECTION] abba ------------------------------------------------------------------------------

constexpr int kRoom = 0;
constexpr int kProjector = 1;
constexpr int kTakeFirst = 1;
constexpr int kTakeSecond = 2;
constexpr int kMeet = 3;

class AbbaRun final : public ScenarioRun {
 public:
  explicit AbbaRun(const RunConfig& config) : config_(config), fixed_(config.param("fixed") != 0) {}

  // Per worker: 1 once its meeting was held.
  std::vector<std::int64_t> initial_memory() const override {
    return std::vector<std::int64_t>(config_.workers, 0);
  }
  std::vector<LockSpec> locks() const override {
    return {{LockKind::Mutex, 1}, {LockKind::Mutex, 1}};
  }

  WorkerTask program(Worker me) override {
    const int first = fixed_ || me.index % 2 == 0 ? kRoom : kProjector;
    return meet(me, first, first == kRoom ? kProjector : kRoom);
  }

  std::vector<Violation> violations(const std::vector<std::int64_t>&) const override {
    return {};  // nothing is ever used twice; a deadlock is found by the engine
  }
  nlohmann::json outcome(const std::vector<std::int64_t>& memory) const override {
    return {{"meetings", workers_done_in(memory, 0)}, {"workers", config_.workers}};
  }
  std::string verdict(const std::vector<std::int64_t>& memory) const override {
    return done_verdict(workers_done_in(memory, 0), config_.workers, "held a meeting");
  }
  std::string field_label(int field) const override { return worker_name(field) + "'s meeting"; }
  std::string step_label(int worker, int step) const override {
    const bool room_first = fixed_ || worker % 2 == 0;
    switch (step) {
      case kTakeFirst: return room_first ? "take the conference room" : "take the projector";
      case kTakeSecond: return room_first ? "take the projector" : "take the conference room";
      case kMeet: return "hold the meeting";
    }
    return "start";
  }
  std::string lock_label(int lock) const override {
    return lock == kRoom ? "the conference room" : "the projector";
  }
  std::vector<CodeLine> code(int worker) const override {
    const bool room_first = fixed_ || worker % 2 == 0;
    const std::string first = room_first ? "room" : "projector";
    const std::string second = room_first ? "projector" : "room";
    constexpr auto kAcquire = op_bit(OpKind::Acquire);
    constexpr auto kRelease = op_bit(OpKind::Release);
    const auto any = CodeLine::kAnyStep;
    return {code_line(0, kTakeFirst, kAcquire, first + ".Lock()"),
            code_line(0, kTakeFirst, op_bit(OpKind::Think), "think()  // walks over"),
            code_line(0, kTakeSecond, kAcquire, second + ".Lock()"),
            code_line(0, kMeet, op_bit(OpKind::Write), "meetings[me] = held"),
            code_line(0, any, kRelease, second + ".Unlock()"),
            code_line(0, any, kRelease, first + ".Unlock()")};
  }

 private:
  WorkerTask meet(Worker me, int first, int second) {
    co_await me.step(kTakeFirst);
    co_await me.acquire(first);
    co_await me.think(config_.think_ms);  // walks over to fetch the other
    co_await me.step(kTakeSecond);
    co_await me.acquire(second);
    co_await me.step(kMeet);
    co_await me.write(me.index, 1);
    co_await me.release(second);
    co_await me.release(first);
  }

  RunConfig config_;
  bool fixed_;
};

// [SECTION] rwr -------------------------------------------------------------------------------

constexpr int kNotice = 0;
constexpr int kFirstRead = 1;
constexpr int kReadAgain = 2;
constexpr int kPinUp = 3;

// Worker 0 pins up a new notice; everyone else reads it, and (unless fixed) looks it up again
// through a second read lock in the middle of the first.
class RwrRun final : public ScenarioRun {
 public:
  explicit RwrRun(const RunConfig& config) : config_(config), fixed_(config.param("fixed") != 0) {}

  // The notice, then per worker: 1 once done.
  std::vector<std::int64_t> initial_memory() const override {
    return std::vector<std::int64_t>(1 + config_.workers, 0);
  }
  std::vector<LockSpec> locks() const override { return {{LockKind::RWMutex, 1}}; }

  WorkerTask program(Worker me) override {
    return me.index == 0 && config_.workers > 1 ? pin_up(me) : read(me);
  }

  std::vector<Violation> violations(const std::vector<std::int64_t>&) const override { return {}; }
  nlohmann::json outcome(const std::vector<std::int64_t>& memory) const override {
    return {{"done", workers_done_in(memory, 1)}, {"notice", memory[kNotice]}};
  }
  std::string verdict(const std::vector<std::int64_t>& memory) const override {
    return done_verdict(workers_done_in(memory, 1), config_.workers, "finished at the board");
  }
  std::string field_label(int field) const override {
    return field == kNotice ? "the notice" : worker_name(field - 1) + "'s visit";
  }
  std::string step_label(int, int step) const override {
    switch (step) {
      case kFirstRead: return "read the notice";
      case kReadAgain: return "look it up again (a second read lock)";
      case kPinUp: return "pin up a new notice";
    }
    return "start";
  }
  std::string lock_label(int) const override { return "the board's lock"; }
  std::vector<CodeLine> code(int worker) const override {
    constexpr auto kAcquire = op_bit(OpKind::Acquire);
    constexpr auto kRelease = op_bit(OpKind::Release);
    constexpr auto kWrite = op_bit(OpKind::Write);
    const auto any = CodeLine::kAnyStep;
    if (worker == 0 && config_.workers > 1) {
      return {code_line(0, any, op_bit(OpKind::Think), "think()  // arrives while they read"),
              code_line(0, kPinUp, kAcquire, "rw.Lock()"),
              code_line(0, kPinUp, kWrite, "notice = newNotice"),
              code_line(0, any, kRelease, "rw.Unlock()"),
              code_line(0, any, kWrite, "visits[me] = done")};
    }
    std::vector<CodeLine> code = {code_line(0, kFirstRead, kAcquire, "rw.RLock()"),
                                  code_line(0, kFirstRead, op_bit(OpKind::Read), "n := notice"),
                                  code_line(0, kFirstRead, op_bit(OpKind::Think), "think()")};
    if (!fixed_) {
      code.push_back(code_line(0, kReadAgain, kAcquire, "rw.RLock()  // again, inside the first"));
      code.push_back(code_line(0, kReadAgain, op_bit(OpKind::Read), "n = notice"));
      code.push_back(code_line(0, any, kRelease, "rw.RUnlock()"));
    }
    code.push_back(code_line(0, any, kRelease, "rw.RUnlock()"));
    code.push_back(code_line(0, any, kWrite, "visits[me] = done"));
    return code;
  }

 private:
  WorkerTask pin_up(Worker me) {
    co_await me.think(config_.think_ms / 2);  // arrives while the readers read
    co_await me.step(kPinUp);
    co_await me.acquire(0, LockSide::Exclusive);
    co_await me.write(kNotice, 1);
    co_await me.release(0, LockSide::Exclusive);
    co_await me.write(1 + me.index, 1);
  }

  WorkerTask read(Worker me) {
    co_await me.step(kFirstRead);
    co_await me.acquire(0, LockSide::Shared);
    co_await me.read(kNotice);
    co_await me.think(config_.think_ms);
    if (!fixed_) {
      co_await me.step(kReadAgain);
      co_await me.acquire(0, LockSide::Shared);
      co_await me.read(kNotice);
      co_await me.release(0, LockSide::Shared);
    }
    co_await me.release(0, LockSide::Shared);
    co_await me.write(1 + me.index, 1);
  }

  RunConfig config_;
  bool fixed_;
};

// [SECTION] double-lock -----------------------------------------------------------------------

constexpr int kLock = 1;
constexpr int kLockAgain = 2;

class DoubleLockRun final : public ScenarioRun {
 public:
  explicit DoubleLockRun(const RunConfig& config)
      : config_(config), fixed_(config.param("fixed") != 0) {}

  std::vector<std::int64_t> initial_memory() const override {
    return std::vector<std::int64_t>(config_.workers, 0);
  }
  std::vector<LockSpec> locks() const override { return {{LockKind::Mutex, 1}}; }

  WorkerTask program(Worker me) override { return work(me); }

  std::vector<Violation> violations(const std::vector<std::int64_t>&) const override { return {}; }
  nlohmann::json outcome(const std::vector<std::int64_t>& memory) const override {
    return {{"done", workers_done_in(memory, 0)}, {"workers", config_.workers}};
  }
  std::string verdict(const std::vector<std::int64_t>& memory) const override {
    return done_verdict(workers_done_in(memory, 0), config_.workers, "filed the report");
  }
  std::string field_label(int field) const override { return worker_name(field) + "'s report"; }
  std::string step_label(int, int step) const override {
    switch (step) {
      case kLock: return "lock the filing cabinet";
      case kLockAgain: return "lock it again (a helper that locks too)";
    }
    return "start";
  }
  std::string lock_label(int) const override { return "the filing cabinet's lock"; }
  std::vector<CodeLine> code(int) const override {
    constexpr auto kAcquire = op_bit(OpKind::Acquire);
    constexpr auto kRelease = op_bit(OpKind::Release);
    const auto any = CodeLine::kAnyStep;
    std::vector<CodeLine> code = {code_line(0, kLock, kAcquire, "mu.Lock()"),
                                  code_line(0, kLock, op_bit(OpKind::Think), "think()")};
    if (!fixed_) {
      code.push_back(code_line(0, kLockAgain, kAcquire, "mu.Lock()  // in a helper that locks"));
      code.push_back(code_line(0, any, kRelease, "mu.Unlock()"));
    }
    code.push_back(code_line(0, any, op_bit(OpKind::Write), "reports[me] = filed"));
    code.push_back(code_line(0, any, kRelease, "mu.Unlock()"));
    return code;
  }

 private:
  WorkerTask work(Worker me) {
    co_await me.step(kLock);
    co_await me.acquire(0);
    co_await me.think(config_.think_ms);
    if (!fixed_) {
      co_await me.step(kLockAgain);
      co_await me.acquire(0);
      co_await me.release(0);
    }
    co_await me.write(me.index, 1);
    co_await me.release(0);
  }

  RunConfig config_;
  bool fixed_;
};

}  // namespace

ScenarioSpec abba_spec() {
  return {.name = "abba",
          .title = "Two rooms, opposite order: a deadlock",
          .story =
              "Each meeting needs the conference room and the projector. Alice takes the "
              "room and goes for the projector; Bob takes the projector and goes for the "
              "room. Each holds what the other waits for.",
          .locks = {LockKind::Mutex},
          .default_workers = 2,
          .default_think_ms = 20,
          .params = {fixed_param("Everyone takes the room first (1: fixed)")},
          .make = [](const RunConfig& config) { return std::make_unique<AbbaRun>(config); }};
}

ScenarioSpec rwr_spec() {
  return {.name = "rwr",
          .title = "Read lock twice: a deadlock with a waiting writer",
          .story =
              "Bob reads the notice under the board's read lock and, before he is done, "
              "looks it up again with a second read lock. Alice came in between to pin up a "
              "new one: she waits for Bob's first read, and Bob's second read waits behind "
              "her.",
          .locks = {LockKind::RWMutex},
          .default_workers = 2,
          .default_think_ms = 20,
          .params = {fixed_param("Readers take the read lock once (1: fixed)")},
          .make = [](const RunConfig& config) { return std::make_unique<RwrRun>(config); }};
}

ScenarioSpec double_lock_spec() {
  return {.name = "double-lock",
          .title = "Locking twice: a worker waits for itself",
          .story =
              "Alice locks the filing cabinet, then calls a helper that locks it again. "
              "The lock is hers already, and a mutex does not know that: she waits for "
              "herself, and everyone after her waits too.",
          .locks = {LockKind::Mutex},
          .default_workers = 1,
          .default_think_ms = 20,
          .params = {fixed_param("The helper does not lock again (1: fixed)")},
          .make = [](const RunConfig& config) { return std::make_unique<DoubleLockRun>(config); }};
}

}  // namespace racelab
