// ledger: a bank account. Each worker withdraws the same amount: check that the balance covers
// it, think, write the balance less the amount. Invariants: the bank never pays out more than the
// account held, and the final balance is the start less what was paid out.

#include <utility>

#include "core/config.hpp"
#include "core/scenarios/code.hpp"
#include "core/scenarios/registry.hpp"

namespace racelab {

namespace {

constexpr int kBalanceField = 0;
int approved_field(int worker) {
  return 1 + worker;
}

constexpr int kCheck = 1;     // read the balance
constexpr int kThink = 2;     // count the notes
constexpr int kWithdraw = 3;  // write the new balance, pay out

class LedgerRun final : public ScenarioRun {
 public:
  explicit LedgerRun(const RunConfig& config)
      : config_(config), start_(config.param("balance")), amount_(config.param("amount")) {}

  std::vector<std::int64_t> initial_memory() const override {
    std::vector<std::int64_t> memory(1 + config_.workers, 0);
    memory[kBalanceField] = start_;
    return memory;
  }

  int helpers() const override { return owner_helpers(config_.lock); }
  std::vector<int> channels() const override {
    return owner_channels_for(config_.lock, config_.workers);
  }

  std::vector<LockSpec> locks() const override { return single_lock(config_.lock); }

  WorkerTask program(Worker me) override {
    if (config_.lock == LockKind::Channel) {
      return me.index == config_.workers ? serve_withdrawals(me) : ask_to_withdraw(me);
    }
    return config_.lock == LockKind::Atomic ? withdraw_with_compare_and_swap(me) : withdraw(me);
  }

  std::vector<Violation> violations(const std::vector<std::int64_t>& memory) const override {
    std::vector<Violation> found;
    const auto paid = paid_out(memory);
    if (paid > start_) {
      found.push_back({"overdraft", "paid out " + std::to_string(paid) + " from an account of " +
                                        std::to_string(start_)});
    }
    const auto balance = memory[kBalanceField];
    if (balance < 0) found.push_back({"negative-balance", "balance " + std::to_string(balance)});
    if (balance != start_ - paid) {
      found.push_back({"lost-update", "the balance says " + std::to_string(balance) + " but " +
                                          std::to_string(start_) + " less " + std::to_string(paid) +
                                          " paid out is " + std::to_string(start_ - paid)});
    }
    return found;
  }

  // Judged at each approval (the balance is written just before it): every approval past the
  // starting balance overdraws it; the balance loses a withdrawal when it stops matching what
  // was paid out. The worker approved before is the other party.
  std::vector<ViolationMark> violation_marks(const Trace& trace) const override {
    std::vector<ViolationMark> marks;
    std::int64_t balance = start_;
    std::int64_t paid = 0;
    bool lost = false;
    int approved_before = -1;
    for (const auto& event : trace) {
      // A compare-and-swap that went through took exactly the amount off.
      if (event.kind == EventKind::AtomicUpdate && event.field == kBalanceField) {
        if (event.value == 1) balance -= amount_;
        continue;
      }
      if (event.kind != EventKind::Write) continue;
      if (event.field == kBalanceField) {
        balance = event.value;
        if (balance < 0) {
          marks.push_back({event.time_ns, event.worker, -1, "negative-balance",
                           "balance " + std::to_string(balance)});
        }
        continue;
      }
      // Under a channel the teller writes the approval; the field names the customer.
      const int worker = event.field - approved_field(0);
      if (worker < 0 || worker >= config_.workers || event.value == 0) continue;
      paid += amount_;
      if (paid > start_) {
        marks.push_back(
            {event.time_ns, worker, approved_before, "overdraft",
             "paid out " + std::to_string(paid) + " from an account of " + std::to_string(start_)});
      }
      const bool was_lost = std::exchange(lost, balance != start_ - paid);
      if (lost && !was_lost) {
        marks.push_back({event.time_ns, worker, approved_before, "lost-update",
                         "the balance says " + std::to_string(balance) + " but " +
                             std::to_string(start_) + " less " + std::to_string(paid) +
                             " paid out is " + std::to_string(start_ - paid)});
      }
      approved_before = worker;
      if (marks.size() >= kMostViolationMarks) break;
    }
    return marks;
  }

  nlohmann::json outcome(const std::vector<std::int64_t>& memory) const override {
    auto approved = nlohmann::json::array();
    for (int worker : approved_workers(memory))
      approved.push_back(worker_name(worker));
    return {{"starting_balance", start_},
            {"amount", amount_},
            {"balance", memory[kBalanceField]},
            {"paid_out", paid_out(memory)},
            {"approved", approved}};
  }

  std::string verdict(const std::vector<std::int64_t>& memory) const override {
    const auto approved = approved_workers(memory);
    const auto paid = paid_out(memory);
    if (paid > start_) {
      return "Overdrawn: the bank paid out " + std::to_string(paid) + " from an account of " +
             std::to_string(start_) + " (" + join_names(approved) + " each withdrew " +
             std::to_string(amount_) + "), and the ledger still shows " +
             std::to_string(memory[kBalanceField]) +
             ". Each checked the balance before the "
             "other's withdrawal was written.";
    }
    if (memory[kBalanceField] != start_ - paid) {
      return "A withdrawal was lost: the ledger shows " + std::to_string(memory[kBalanceField]) +
             " after paying out " + std::to_string(paid) + " from " + std::to_string(start_) + ".";
    }
    return "The books balance: " +
           counted(static_cast<std::int64_t>(approved.size()), "withdrawal", "withdrawals") +
           " of " + std::to_string(amount_) + " approved, " +
           std::to_string(memory[kBalanceField]) + " left, never below zero.";
  }

  std::string step_label(int, int step) const override {
    switch (step) {
      case kCheck: return "check the balance";
      case kThink: return "count the notes";
      case kWithdraw: return "write the new balance";
    }
    return "start";
  }

  std::vector<CodeLine> code(int worker) const override {
    CheckThinkAct words{.check_step = kCheck,
                        .think_step = kThink,
                        .act_step = kWithdraw,
                        .check = "b := balance",
                        .test = "if b >= amount {",
                        .act = "balance = b - amount; approved[me] = true",
                        .cas_loop = "for {",
                        .cas_check = "b := atomic.Load(&balance); if b < amount { return }",
                        .cas_act = "if atomic.CompareAndSwap(&balance, b, b-amount) {",
                        .cas_after = "approved[me] = true; return",
                        .owner_act = "balance = b - amount; approved[c] = true"};
    return check_think_act_code(words, config_.lock, worker >= config_.workers);
  }

  std::string field_label(int field) const override {
    if (field == kBalanceField) return "the balance";
    return worker_name(field - 1) + "'s withdrawal";
  }

 private:
  std::vector<int> approved_workers(const std::vector<std::int64_t>& memory) const {
    std::vector<int> approved;
    for (int worker = 0; worker < config_.workers; ++worker) {
      if (memory[approved_field(worker)] != 0) approved.push_back(worker);
    }
    return approved;
  }
  std::int64_t paid_out(const std::vector<std::int64_t>& memory) const {
    return static_cast<std::int64_t>(approved_workers(memory).size()) * amount_;
  }

  WorkerTask withdraw(Worker me) {
    const bool guarded = uses_lock(config_.lock);
    co_await me.step(kCheck);
    if (guarded) co_await me.acquire(0);
    const auto balance = co_await me.read(kBalanceField);
    if (balance >= amount_) {
      co_await me.step(kThink);
      co_await me.think(config_.think_ms);
      co_await me.step(kWithdraw);
      co_await me.write(kBalanceField, balance - amount_);
      co_await me.write(approved_field(me.index), 1);
    }
    if (guarded) co_await me.release(0);
  }

  WorkerTask withdraw_with_compare_and_swap(Worker me) {
    for (;;) {
      co_await me.step(kCheck);
      const auto balance = co_await me.load(kBalanceField);
      if (balance < amount_) co_return;
      co_await me.step(kThink);
      co_await me.think(config_.think_ms);
      co_await me.step(kWithdraw);
      if (co_await me.compare_exchange(kBalanceField, balance, balance - amount_)) {
        co_await me.write(approved_field(me.index), 1);
        co_return;
      }
    }
  }

  // The channel lock type: customers hand in slips; the teller alone checks and pays out.
  WorkerTask ask_to_withdraw(Worker me) {
    co_await me.step(kCheck);
    co_await me.send(kRequestChannel, me.index);
    co_await me.receive(reply_channel(me.index));
  }

  WorkerTask serve_withdrawals(Worker me) {
    for (int served = 0; served < config_.workers; ++served) {
      co_await me.step(kCheck);
      const auto customer = static_cast<int>(co_await me.receive(kRequestChannel));
      const auto balance = co_await me.read(kBalanceField);
      if (balance >= amount_) {
        co_await me.step(kThink);
        co_await me.think(config_.think_ms);
        co_await me.step(kWithdraw);
        co_await me.write(kBalanceField, balance - amount_);
        co_await me.write(approved_field(customer), 1);
      }
      co_await me.send(reply_channel(customer), balance >= amount_ ? 1 : 0);
    }
  }

  RunConfig config_;
  std::int64_t start_;
  std::int64_t amount_;
};

}  // namespace

ScenarioSpec ledger_spec() {
  return {.name = "ledger",
          .title = "Bank ledger: two withdrawals, one balance",
          .story =
              "Each customer checks that the balance covers a withdrawal, counts the notes, "
              "then writes the new balance. The bank must never pay out more than the account "
              "holds.",
          .locks = {LockKind::None, LockKind::Mutex, LockKind::Spinlock, LockKind::Atomic,
                    LockKind::Channel},
          .default_workers = 2,
          .default_think_ms = 20,
          .params = {{"balance", "Starting balance", 0, 1'000'000, 100},
                     {"amount", "Each withdrawal", 1, 1'000'000, 60}},
          .make = [](const RunConfig& config) { return std::make_unique<LedgerRun>(config); }};
}

}  // namespace racelab
