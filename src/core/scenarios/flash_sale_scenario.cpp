// flash-sale: the last pair of sneakers. Buyers check that stock is left, think, take one off the
// count and record an order. The invariant: never more orders than the starting stock.

#include "core/config.hpp"
#include "core/scenarios/code.hpp"
#include "core/scenarios/registry.hpp"

namespace racelab {

namespace {

constexpr int kStockField = 0;
int ordered_field(int buyer) {
  return 1 + buyer;
}

constexpr int kCheck = 1;  // look at the stock count
constexpr int kThink = 2;  // decide, card in hand
constexpr int kBuy = 3;    // take one off the count and record the order

class FlashSaleRun final : public ScenarioRun {
 public:
  explicit FlashSaleRun(const RunConfig& config) : config_(config), stock_(config.param("stock")) {}

  std::vector<std::int64_t> initial_memory() const override {
    std::vector<std::int64_t> memory(1 + config_.workers, 0);
    memory[kStockField] = stock_;
    return memory;
  }

  int helpers() const override { return owner_helpers(config_.lock); }
  std::vector<int> channels() const override {
    return owner_channels_for(config_.lock, config_.workers);
  }

  std::vector<LockSpec> locks() const override { return single_lock(config_.lock); }

  WorkerTask program(Worker me) override {
    if (config_.lock == LockKind::Channel) {
      return me.index == config_.workers ? serve_orders(me) : ask_to_buy(me);
    }
    return config_.lock == LockKind::Atomic ? buy_with_compare_and_swap(me) : buy(me);
  }

  std::vector<Violation> violations(const std::vector<std::int64_t>& memory) const override {
    const auto buyers = buyers_with_orders(memory);
    if (static_cast<int>(buyers.size()) <= stock_) return {};
    return {
        {"oversold", std::to_string(buyers.size()) + " orders for " + pairs(stock_) + " in stock"}};
  }

  // The sale is oversold at each order recorded past the starting stock.
  std::vector<ViolationMark> violation_marks(const Trace& trace) const override {
    std::vector<ViolationMark> marks;
    int orders = 0;
    int first_buyer = -1;
    for (const auto& event : trace) {
      if (event.kind != EventKind::Write || event.field < ordered_field(0) || event.value == 0)
        continue;
      const int buyer = event.field - ordered_field(0);
      if (buyer >= config_.workers) continue;
      if (first_buyer < 0) first_buyer = buyer;
      if (++orders <= stock_) continue;
      marks.push_back({event.time_ns, buyer, first_buyer, "oversold",
                       "order " + std::to_string(orders) + " for " + pairs(stock_) + " in stock"});
      if (marks.size() >= kMostViolationMarks) break;
    }
    return marks;
  }

  nlohmann::json outcome(const std::vector<std::int64_t>& memory) const override {
    auto orders = nlohmann::json::array();
    for (int buyer : buyers_with_orders(memory))
      orders.push_back(worker_name(buyer));
    return {{"starting_stock", stock_}, {"stock", memory[kStockField]}, {"orders", orders}};
  }

  std::string verdict(const std::vector<std::int64_t>& memory) const override {
    const auto buyers = buyers_with_orders(memory);
    const auto count = static_cast<int>(buyers.size());
    if (count > stock_) {
      return "Oversold: " + std::to_string(count) + " orders for " + pairs(stock_) + " (" +
             join_names(buyers) +
             "). Each saw stock left before anyone had taken it off the "
             "count. The shelf now says " +
             std::to_string(memory[kStockField]) + ".";
    }
    return "Sold " + std::to_string(count) + " of " + pairs(stock_) +
           ": never more orders than "
           "stock." +
           (count > 0 ? " The buyers: " + join_names(buyers) + "." : std::string());
  }

  std::string step_label(int, int step) const override {
    switch (step) {
      case kCheck: return "check the stock";
      case kThink: return "think";
      case kBuy: return "take one and order";
    }
    return "start";
  }

  std::vector<CodeLine> code(int worker) const override {
    CheckThinkAct words{.check_step = kCheck,
                        .think_step = kThink,
                        .act_step = kBuy,
                        .check = "n := stock",
                        .test = "if n > 0 {",
                        .act = "stock = n - 1; ordered[me] = true",
                        .cas_loop = "for {",
                        .cas_check = "n := atomic.Load(&stock); if n <= 0 { return }",
                        .cas_act = "if atomic.CompareAndSwap(&stock, n, n-1) {",
                        .cas_after = "ordered[me] = true; return",
                        .owner_act = "stock = n - 1; ordered[c] = true"};
    return check_think_act_code(words, config_.lock, worker >= config_.workers);
  }

  std::string field_label(int field) const override {
    if (field == kStockField) return "the stock count";
    return worker_name(field - 1) + "'s order";
  }

 private:
  static std::string pairs(int count) {
    return std::to_string(count) + (count == 1 ? " pair" : " pairs");
  }

  std::vector<int> buyers_with_orders(const std::vector<std::int64_t>& memory) const {
    std::vector<int> buyers;
    for (int buyer = 0; buyer < config_.workers; ++buyer) {
      if (memory[ordered_field(buyer)] != 0) buyers.push_back(buyer);
    }
    return buyers;
  }

  WorkerTask buy(Worker me) {
    const bool guarded = uses_lock(config_.lock);
    co_await me.step(kCheck);
    if (guarded) co_await me.acquire(0);
    const auto stock = co_await me.read(kStockField);
    if (stock > 0) {
      co_await me.step(kThink);
      co_await me.think(config_.think_ms);
      co_await me.step(kBuy);
      co_await me.write(kStockField, stock - 1);
      co_await me.write(ordered_field(me.index), 1);
    }
    if (guarded) co_await me.release(0);
  }

  WorkerTask buy_with_compare_and_swap(Worker me) {
    for (;;) {
      co_await me.step(kCheck);
      const auto stock = co_await me.load(kStockField);
      if (stock <= 0) co_return;
      co_await me.step(kThink);
      co_await me.think(config_.think_ms);
      co_await me.step(kBuy);
      if (co_await me.compare_exchange(kStockField, stock, stock - 1)) {
        co_await me.write(ordered_field(me.index), 1);
        co_return;
      }
    }
  }

  // The channel lock type: buyers queue their orders; the shopkeeper alone checks and sells.
  WorkerTask ask_to_buy(Worker me) {
    co_await me.step(kCheck);
    co_await me.send(kRequestChannel, me.index);
    co_await me.receive(reply_channel(me.index));
  }

  WorkerTask serve_orders(Worker me) {
    for (int served = 0; served < config_.workers; ++served) {
      co_await me.step(kCheck);
      const auto buyer = static_cast<int>(co_await me.receive(kRequestChannel));
      const auto stock = co_await me.read(kStockField);
      if (stock > 0) {
        co_await me.step(kThink);
        co_await me.think(config_.think_ms);
        co_await me.step(kBuy);
        co_await me.write(kStockField, stock - 1);
        co_await me.write(ordered_field(buyer), 1);
      }
      co_await me.send(reply_channel(buyer), stock > 0 ? 1 : 0);
    }
  }

  RunConfig config_;
  int stock_;
};

}  // namespace

ScenarioSpec flash_sale_spec() {
  return {.name = "flash-sale",
          .title = "Flash sale: the last pair of sneakers",
          .story =
              "Buyers check that a pair is left on the shelf, think, take one off the stock "
              "count and record an order. There must never be more orders than pairs.",
          .locks = {LockKind::None, LockKind::Mutex, LockKind::Spinlock, LockKind::Atomic,
                    LockKind::Channel},
          .default_workers = 100,
          .default_think_ms = 20,
          .params = {{"stock", "Pairs in stock", 0, 1000, 1}},
          .make = [](const RunConfig& config) { return std::make_unique<FlashSaleRun>(config); }};
}

}  // namespace racelab
