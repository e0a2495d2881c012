// pool: a connection pool of P connections. Each worker looks for a free connection, takes it,
// uses it for a while and hands it back. The invariant: no connection is held by two workers at
// once, judged from when each worker held which connection.

#include <algorithm>
#include <climits>

#include "core/config.hpp"
#include "core/scenarios/code.hpp"
#include "core/scenarios/registry.hpp"

namespace racelab {

namespace {

constexpr int kFind = 1;    // look for a free connection
constexpr int kTake = 2;    // write your name on it
constexpr int kUse = 3;     // run the query
constexpr int kReturn = 4;  // hand it back

class PoolRun final : public ScenarioRun {
 public:
  explicit PoolRun(const RunConfig& config)
      : config_(config), connections_(config.param("connections")) {}

  // Fields: a holder per connection, then per worker: connection + 1, start + 1, end + 1 (ns).
  int holder_field(int connection) const { return connection; }
  int held_field(int worker, int part) const { return connections_ + 3 * worker + part; }
  static constexpr int kConnection = 0;
  static constexpr int kStart = 1;
  static constexpr int kEnd = 2;

  std::vector<std::int64_t> initial_memory() const override {
    return std::vector<std::int64_t>(connections_ + 3 * config_.workers, 0);
  }

  std::vector<LockSpec> locks() const override {
    if (config_.lock == LockKind::Semaphore) return {{LockKind::Semaphore, connections_}};
    return single_lock(config_.lock);
  }

  WorkerTask program(Worker me) override {
    if (config_.lock == LockKind::Semaphore) return borrow_with_keys(me);
    return borrow(me);
  }

  std::vector<Violation> violations(const std::vector<std::int64_t>& memory) const override {
    std::vector<Violation> found;
    auto spans = holds(memory);
    // By connection, then by start: a hold that starts before the longest earlier hold of the
    // same connection ends overlaps it.
    std::sort(spans.begin(), spans.end(), [](const Hold& a, const Hold& b) {
      return a.connection != b.connection ? a.connection < b.connection : a.start < b.start;
    });
    const Hold* longest = nullptr;
    for (const auto& span : spans) {
      if (longest && longest->connection == span.connection && span.start < longest->end) {
        found.push_back(
            {"shared-connection", worker_name(longest->worker) + " and " +
                                      worker_name(span.worker) + " both held connection " +
                                      std::to_string(span.connection + 1) + " at once"});
        if (found.size() >= 50) break;  // enough to make the point
      }
      if (!longest || longest->connection != span.connection || span.end > longest->end) {
        longest = &span;
      }
    }
    return found;
  }

  // A connection is shared from the moment a worker records its start on a connection that
  // someone else holds (started, not yet handed back).
  std::vector<ViolationMark> violation_marks(const Trace& trace) const override {
    std::vector<ViolationMark> marks;
    std::vector<int> connection_of(static_cast<std::size_t>(config_.workers), -1);
    std::vector<std::vector<int>> holders(static_cast<std::size_t>(connections_));
    for (const auto& event : trace) {
      if (event.kind != EventKind::Write || event.field < held_field(0, 0)) continue;
      const int worker = (event.field - held_field(0, 0)) / 3;
      const int part = (event.field - held_field(0, 0)) % 3;
      if (worker >= config_.workers) continue;
      auto& connection = connection_of[static_cast<std::size_t>(worker)];
      if (part == kConnection) {
        connection = static_cast<int>(event.value - 1);
        if (connection >= connections_) connection = -1;
        continue;
      }
      if (connection < 0) continue;
      auto& hands = holders[static_cast<std::size_t>(connection)];
      if (part == kEnd) {
        hands.erase(std::remove(hands.begin(), hands.end(), worker), hands.end());
        continue;
      }
      if (!hands.empty()) {
        marks.push_back({event.time_ns, worker, hands.front(), "shared-connection",
                         worker_name(hands.front()) + " and " + worker_name(worker) +
                             " both held connection " + std::to_string(connection + 1) +
                             " at once"});
        if (marks.size() >= kMostViolationMarks) break;
      }
      hands.push_back(worker);
    }
    return marks;
  }

  nlohmann::json outcome(const std::vector<std::int64_t>& memory) const override {
    auto list = nlohmann::json::array();
    for (const auto& span : holds(memory)) {
      if (list.size() >= 200) break;
      list.push_back(
          {{"worker", worker_name(span.worker)},
           {"connection", span.connection + 1},
           {"from_ms", static_cast<double>(span.start) / 1e6},
           {"to_ms", span.end == kOpen ? nlohmann::json(nullptr)
                                       : nlohmann::json(static_cast<double>(span.end) / 1e6)}});
    }
    auto holders = nlohmann::json::array();
    for (int connection = 0; connection < connections_; ++connection) {
      const auto holder = memory[holder_field(connection)];
      holders.push_back(holder == 0 ? nlohmann::json(nullptr)
                                    : nlohmann::json(worker_name(static_cast<int>(holder - 1))));
    }
    return {{"connections", connections_}, {"holders", holders}, {"holds", list}};
  }

  std::string verdict(const std::vector<std::int64_t>& memory) const override {
    const auto clashes = violations(memory);
    if (!clashes.empty()) {
      return clashes.front().detail +
             (clashes.size() > 1 ? " (and " +
                                       counted(static_cast<std::int64_t>(clashes.size() - 1),
                                               "more clash", "more clashes") +
                                       ")"
                                 : std::string()) +
             ": each saw it free before the other wrote their name on it.";
    }
    return "Every query had a connection of its own: " +
           counted(config_.workers, "worker", "workers") + " shared " +
           counted(connections_, "connection", "connections") + " without a clash.";
  }

  std::string step_label(int, int step) const override {
    switch (step) {
      case kFind: return "look for a free connection";
      case kTake: return "take it";
      case kUse: return "run the query";
      case kReturn: return "hand it back";
    }
    return "start";
  }

  std::vector<CodeLine> code(int) const override {
    constexpr auto kAcquire = op_bit(OpKind::Acquire);
    constexpr auto kRelease = op_bit(OpKind::Release);
    constexpr auto kThink = op_bit(OpKind::Think);
    constexpr auto kWrite = op_bit(OpKind::Write);
    const auto any = CodeLine::kAnyStep;
    const auto lock = config_.lock;
    if (lock == LockKind::Semaphore) {
      return {code_line(0, kFind, kAcquire, "key := keys.Acquire()  // a key per connection"),
              code_lines(0, kTake, kWrite, "pool[key] = me; held[me] = key; since[me] = now"),
              code_line(0, kUse, kThink, "think()  // run the query"),
              code_lines(0, kReturn, kWrite, "until[me] = now; pool[key] = none"),
              code_line(0, any, kRelease, "keys.Release(key)")};
    }
    const bool guarded = uses_lock(lock);
    const bool atomic = lock == LockKind::Atomic;
    std::vector<CodeLine> code = {code_shape(0, "for chosen == none {")};
    if (guarded)
      code.push_back(code_line(1, kFind, kAcquire, lock_text(lock, LockSide::Exclusive)));
    code.push_back(code_lines(
        1, kFind, op_bit(OpKind::Read) | op_bit(OpKind::AtomicLoad),
        atomic ? "chosen = firstFree(pool)  // atomic loads" : "chosen = firstFree(pool)"));
    code.push_back(code_line(1, kTake, kThink, "think()  // reaching for it"));
    if (atomic) {
      code.push_back(code_line(1, kTake, op_bit(OpKind::CompareExchange),
                               "if !atomic.CompareAndSwap(&pool[chosen], none, me) { look on }"));
    } else {
      code.push_back(code_line(1, kTake, kWrite, "pool[chosen] = me"));
    }
    code.push_back(code_lines(1, any, kWrite, "held[me] = chosen; since[me] = now"));
    if (guarded)
      code.push_back(code_line(1, any, kRelease, unlock_text(lock, LockSide::Exclusive)));
    code.push_back(code_line(1, kFind, kThink, "if chosen == none { think() }  // all busy"));
    code.push_back(code_shape(0, "}"));
    code.push_back(code_line(0, kUse, kThink, "think()  // run the query"));
    if (guarded)
      code.push_back(code_line(0, kReturn, kAcquire, lock_text(lock, LockSide::Exclusive)));
    code.push_back(code_lines(0, kReturn, kWrite | op_bit(OpKind::AtomicStore),
                              "until[me] = now; pool[chosen] = none"));
    if (guarded)
      code.push_back(code_line(0, any, kRelease, unlock_text(lock, LockSide::Exclusive)));
    return code;
  }

  std::string field_label(int field) const override {
    if (field < connections_) return "connection " + std::to_string(field + 1) + "'s holder";
    return worker_name((field - connections_) / 3) + "'s record";
  }

 private:
  static constexpr std::int64_t kOpen = INT64_MAX;

  struct Hold {
    int worker;
    int connection;
    std::int64_t start;
    std::int64_t end;
  };

  std::vector<Hold> holds(const std::vector<std::int64_t>& memory) const {
    std::vector<Hold> spans;
    for (int worker = 0; worker < config_.workers; ++worker) {
      const auto connection = memory[held_field(worker, kConnection)];
      const auto start = memory[held_field(worker, kStart)];
      if (connection == 0 || start == 0) continue;
      const auto end = memory[held_field(worker, kEnd)];
      spans.push_back(
          {worker, static_cast<int>(connection - 1), start - 1, end == 0 ? kOpen : end - 1});
    }
    return spans;
  }

  // The lock (when there is one) guards finding and taking, and handing back; the query runs
  // outside it, as a pool's users do.
  WorkerTask borrow(Worker me) {
    const bool guarded = uses_lock(config_.lock);
    const bool atomic = config_.lock == LockKind::Atomic;
    int chosen = -1;
    while (chosen < 0) {
      co_await me.step(kFind);
      if (guarded) co_await me.acquire(0);
      for (int connection = 0; connection < connections_ && chosen < 0; ++connection) {
        // Two statements, not ?: around co_await, which clang 14 cannot compile.
        std::int64_t holder = 0;
        if (atomic) {
          holder = co_await me.load(holder_field(connection));
        } else {
          holder = co_await me.read(holder_field(connection));
        }
        if (holder != 0) continue;
        co_await me.step(kTake);
        co_await me.think(config_.think_ms / 4);
        if (atomic) {
          if (co_await me.compare_exchange(holder_field(connection), 0, me.index + 1)) {
            chosen = connection;
          }
        } else {
          co_await me.write(holder_field(connection), me.index + 1);
          chosen = connection;
        }
      }
      if (chosen >= 0) {
        co_await me.write(held_field(me.index, kConnection), chosen + 1);
        co_await me.write(held_field(me.index, kStart), co_await me.now() + 1);
      }
      if (guarded) co_await me.release(0);
      if (chosen < 0) co_await me.think(1);  // all busy: come back in a moment
    }

    co_await me.step(kUse);
    co_await me.think(config_.think_ms);
    co_await me.step(kReturn);
    if (guarded) co_await me.acquire(0);
    co_await me.write(held_field(me.index, kEnd), co_await me.now() + 1);
    if (atomic) {
      co_await me.store(holder_field(chosen), 0);
    } else {
      co_await me.write(holder_field(chosen), 0);
    }
    if (guarded) co_await me.release(0);
  }

  // The semaphore hands out numbered keys: the key's number is the connection.
  WorkerTask borrow_with_keys(Worker me) {
    co_await me.step(kFind);
    const auto key = co_await me.acquire(0);
    const int connection = static_cast<int>(key);
    co_await me.step(kTake);
    co_await me.write(holder_field(connection), me.index + 1);
    co_await me.write(held_field(me.index, kConnection), connection + 1);
    co_await me.write(held_field(me.index, kStart), co_await me.now() + 1);
    co_await me.step(kUse);
    co_await me.think(config_.think_ms);
    co_await me.step(kReturn);
    co_await me.write(held_field(me.index, kEnd), co_await me.now() + 1);
    co_await me.write(holder_field(connection), 0);
    co_await me.release(0, LockSide::Exclusive, key);
  }

  RunConfig config_;
  int connections_;
};

}  // namespace

ScenarioSpec pool_spec() {
  return {.name = "pool",
          .title = "Connection pool: one connection, one user",
          .story =
              "Workers look for a free connection, write their name on it, run a query and hand "
              "it back. No connection may be used by two workers at once.",
          .locks = {LockKind::None, LockKind::Mutex, LockKind::Spinlock, LockKind::Atomic,
                    LockKind::Semaphore},
          .default_workers = 4,
          .default_think_ms = 20,
          .params = {{"connections", "Connections in the pool", 1, 64, 2}},
          .make = [](const RunConfig& config) { return std::make_unique<PoolRun>(config); }};
}

}  // namespace racelab
