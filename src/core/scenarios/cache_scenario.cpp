// cache: an in-memory map shared by readers and writers. As Go's runtime does, a writer raises a
// "writing" flag for the time it changes the map, and anyone who finds the flag raised has caught
// a concurrent map read and map write (or two writes).

#include <algorithm>

#include "core/config.hpp"
#include "core/names.hpp"
#include "core/scenarios/code.hpp"
#include "core/scenarios/registry.hpp"

namespace racelab {

namespace {

constexpr int kWritingFlag = 0;
constexpr int kStatsPerWorker = 2;  // clashes seen, operations done
constexpr int kClashes = 0;
constexpr int kDone = 1;

constexpr int kOperate = 1;  // a map read or write
constexpr int kAway = 2;

class CacheRun final : public ScenarioRun {
 public:
  explicit CacheRun(const RunConfig& config)
      : config_(config),
        buckets_(config.param("buckets")),
        writers_(config.param("writers")),
        rounds_(config.param("rounds")) {}

  int bucket_field(int bucket) const { return 1 + bucket; }
  int stat_field(int worker, int stat) const {
    return 1 + buckets_ + worker * kStatsPerWorker + stat;
  }
  bool is_writer(int worker) const { return worker < writers_; }

  std::vector<std::int64_t> initial_memory() const override {
    return std::vector<std::int64_t>(1 + buckets_ + config_.workers * kStatsPerWorker, 0);
  }

  int helpers() const override { return owner_helpers(config_.lock); }
  std::vector<int> channels() const override {
    return owner_channels_for(config_.lock, config_.workers);
  }

  std::vector<LockSpec> locks() const override { return single_lock(config_.lock); }

  WorkerTask program(Worker me) override {
    if (config_.lock == LockKind::Channel) {
      return me.index == config_.workers ? serve_map(me) : ask_map(me);
    }
    return is_writer(me.index) ? write(me) : read(me);
  }

  std::vector<Violation> violations(const std::vector<std::int64_t>& memory) const override {
    std::vector<Violation> found;
    for (int worker = 0; worker < config_.workers && found.size() < 50; ++worker) {
      const auto clashes = memory[stat_field(worker, kClashes)];
      if (clashes == 0) continue;
      const auto times = clashes == 1 ? std::string("once") : std::to_string(clashes) + " times";
      found.push_back(
          is_writer(worker)
              ? Violation{"concurrent map writes",
                          worker_name(worker) + " found another write under way " + times}
              : Violation{"concurrent map read and map write", worker_name(worker) +
                                                                   " read while the map was being "
                                                                   "written, " +
                                                                   times});
    }
    return found;
  }

  // A clash is counted just after the look at the writing flag that found it raised: the mark
  // goes at that look, against whoever had raised the flag.
  std::vector<ViolationMark> violation_marks(const Trace& trace) const override {
    struct Look {
      std::int64_t time_ns = 0;
      int raiser = -1;
    };
    std::vector<ViolationMark> marks;
    std::vector<Look> looks(static_cast<std::size_t>(config_.workers));
    int raiser = -1;
    for (const auto& event : trace) {
      if (event.field == kWritingFlag && event.kind == EventKind::Write) {
        raiser = event.value != 0 ? event.worker : -1;
        continue;
      }
      if (event.worker < 0 || event.worker >= config_.workers) continue;
      auto& look = looks[static_cast<std::size_t>(event.worker)];
      if (event.field == kWritingFlag && event.kind == EventKind::Read) {
        look = {event.time_ns, raiser};
      } else if (event.kind == EventKind::Write &&
                 event.field == stat_field(event.worker, kClashes)) {
        const bool writer = is_writer(event.worker);
        marks.push_back(
            {look.time_ns, event.worker, look.raiser,
             writer ? "concurrent map writes" : "concurrent map read and map write",
             worker_name(event.worker) + (writer ? " found another write under way"
                                                 : " read while the map was being written")});
        if (marks.size() >= kMostViolationMarks) break;
      }
    }
    // Placed at the look, which came before the count: back in time order.
    std::stable_sort(
        marks.begin(), marks.end(),
        [](const ViolationMark& a, const ViolationMark& b) { return a.time_ns < b.time_ns; });
    return marks;
  }

  nlohmann::json outcome(const std::vector<std::int64_t>& memory) const override {
    auto buckets = nlohmann::json::array();
    for (int bucket = 0; bucket < buckets_; ++bucket)
      buckets.push_back(memory[bucket_field(bucket)]);
    std::int64_t reads = 0, writes = 0, read_clashes = 0, write_clashes = 0;
    for (int worker = 0; worker < config_.workers; ++worker) {
      (is_writer(worker) ? writes : reads) += memory[stat_field(worker, kDone)];
      (is_writer(worker) ? write_clashes : read_clashes) += memory[stat_field(worker, kClashes)];
    }
    return {{"buckets", buckets},
            {"writers", writers_},
            {"reads", reads},
            {"writes", writes},
            {"concurrent_map_read_and_map_write", read_clashes},
            {"concurrent_map_writes", write_clashes}};
  }

  std::string verdict(const std::vector<std::int64_t>& memory) const override {
    const auto result = outcome(memory);
    const auto read_clashes = result["concurrent_map_read_and_map_write"].get<std::int64_t>();
    const auto write_clashes = result["concurrent_map_writes"].get<std::int64_t>();
    // As Go's runtime, name what was caught: a read during a write or, with none, two writes.
    if (read_clashes + write_clashes > 0) {
      const std::string error =
          read_clashes > 0 ? "concurrent map read and map write" : "concurrent map writes";
      return "fatal error: " + error + ". " + counted(read_clashes, "read", "reads") + " and " +
             counted(write_clashes, "write", "writes") +
             " found the map in the middle of a write: Go's runtime would have stopped "
             "the program here.";
    }
    const bool readers = writers_ < config_.workers;
    return "No clash: " + counted(result["reads"].get<std::int64_t>(), "read", "reads") + " and " +
           counted(result["writes"].get<std::int64_t>(), "write", "writes") + ", never " +
           (readers ? "a read during a write." : "two writes at once.");
  }

  std::string step_label(int worker, int step) const override {
    if (step == kAway) return "away from the map";
    if (step != kOperate) return "start";
    return is_writer(worker) ? "write to the map" : "read from the map";
  }

  std::vector<CodeLine> code(int worker) const override {
    constexpr auto kRead = op_bit(OpKind::Read);
    constexpr auto kWrite = op_bit(OpKind::Write);
    constexpr auto kThink = op_bit(OpKind::Think);
    const auto any = CodeLine::kAnyStep;
    const auto lock = config_.lock;
    std::vector<CodeLine> code = {code_shape(0, "for round := 1; round <= rounds; round++ {")};
    if (lock == LockKind::Channel && worker == config_.workers) {
      code = {code_shape(0, "for range requests {"),
              code_line(1, kOperate, op_bit(OpKind::Receive), "r := <-requests"),
              code_shape(1, "if r.writes {"),
              code_field(2, kOperate, kWrite, kWritingFlag, "writing = true"),
              code_line(2, kOperate, kThink, "think()  // rehashing"),
              code_line(2, kOperate, kWrite, "bucket[b] = r.round"),
              code_field(2, kOperate, kWrite, kWritingFlag, "writing = false"),
              code_shape(1, "} else {"),
              code_lines(2, kOperate, kRead, "w := writing; v := bucket[b]"),
              code_shape(1, "}"),
              code_line(1, any, op_bit(OpKind::Send), "replies[r.client] <- done"),
              code_shape(0, "}")};
      return code;
    }
    if (lock == LockKind::Channel) {
      code.push_back(code_line(1, kOperate, op_bit(OpKind::Send), "requests <- me, round"));
      code.push_back(code_line(1, any, op_bit(OpKind::Receive), "<-replies[me]"));
    } else if (is_writer(worker)) {
      const bool guarded = uses_lock(lock);
      if (guarded) {
        code.push_back(
            code_line(1, kOperate, op_bit(OpKind::Acquire), lock_text(lock, LockSide::Exclusive)));
      }
      code.push_back(code_field(1, kOperate, kRead, kWritingFlag, "if writing {"));
      code.push_back(code_field(2, kOperate, kWrite, stat_field(worker, kClashes), "clashes++"));
      code.push_back(code_shape(1, "}"));
      code.push_back(code_field(1, kOperate, kWrite, kWritingFlag, "writing = true"));
      code.push_back(code_line(1, kOperate, kThink, "think()  // rehashing"));
      code.push_back(code_line(1, kOperate, kWrite, "bucket[b] = round"));
      code.push_back(code_field(1, kOperate, kWrite, kWritingFlag, "writing = false"));
      if (guarded) {
        code.push_back(
            code_line(1, any, op_bit(OpKind::Release), unlock_text(lock, LockSide::Exclusive)));
      }
    } else {
      const bool guarded = uses_lock(lock);
      if (guarded) {
        code.push_back(
            code_line(1, kOperate, op_bit(OpKind::Acquire), lock_text(lock, LockSide::Shared)));
      }
      code.push_back(code_field(1, kOperate, kRead, kWritingFlag, "w := writing"));
      code.push_back(code_line(1, kOperate, kRead, "v := bucket[b]"));
      if (guarded) {
        code.push_back(
            code_line(1, any, op_bit(OpKind::Release), unlock_text(lock, LockSide::Shared)));
      }
      code.push_back(
          code_field(1, any, kWrite, stat_field(worker, kClashes), "if w { clashes++ }"));
    }
    code.push_back(code_field(1, any, kWrite, stat_field(worker, kDone), "done[me] = round"));
    code.push_back(code_line(1, kAway, kThink, "think()  // away from the map"));
    code.push_back(code_shape(0, "}"));
    return code;
  }

  std::string field_label(int field) const override {
    if (field == kWritingFlag) return "the map's writing flag";
    if (field <= buckets_) return "bucket " + std::to_string(field - 1) + " of the map";
    return worker_name((field - 1 - buckets_) / kStatsPerWorker) + "'s tally";
  }

 private:
  WorkerTask write(Worker me) {
    const bool guarded = uses_lock(config_.lock);
    std::int64_t clashes = 0;
    for (int round = 1; round <= rounds_; ++round) {
      co_await me.step(kOperate);
      if (guarded) co_await me.acquire(0, LockSide::Exclusive);
      if (co_await me.read(kWritingFlag) != 0) {
        co_await me.write(stat_field(me.index, kClashes), ++clashes);
      }
      co_await me.write(kWritingFlag, 1);
      co_await me.think(config_.think_ms);  // rehashing takes a while
      co_await me.write(bucket_field((me.index * 7 + round) % buckets_), round);
      co_await me.write(kWritingFlag, 0);
      if (guarded) co_await me.release(0, LockSide::Exclusive);
      co_await me.write(stat_field(me.index, kDone), round);
      co_await me.step(kAway);
      co_await me.think(config_.think_ms);
    }
  }

  WorkerTask read(Worker me) {
    const bool guarded = uses_lock(config_.lock);
    std::int64_t clashes = 0;
    for (int round = 1; round <= rounds_; ++round) {
      co_await me.step(kOperate);
      if (guarded) co_await me.acquire(0, LockSide::Shared);
      const auto writing = co_await me.read(kWritingFlag);
      co_await me.read(bucket_field((me.index + round) % buckets_));
      if (guarded) co_await me.release(0, LockSide::Shared);
      if (writing != 0) co_await me.write(stat_field(me.index, kClashes), ++clashes);
      co_await me.write(stat_field(me.index, kDone), round);
      co_await me.step(kAway);
      co_await me.think(config_.think_ms / 2);
    }
  }

  // The channel lock type: the map has one owner who performs every read and write in turn.
  WorkerTask ask_map(Worker me) {
    for (int round = 1; round <= rounds_; ++round) {
      co_await me.step(kOperate);
      co_await me.send(kRequestChannel, static_cast<std::int64_t>(me.index) * rounds_ + round);
      co_await me.receive(reply_channel(me.index));
      co_await me.write(stat_field(me.index, kDone), round);
      co_await me.step(kAway);
      co_await me.think(is_writer(me.index) ? config_.think_ms : config_.think_ms / 2);
    }
  }

  WorkerTask serve_map(Worker me) {
    const auto requests = static_cast<std::int64_t>(config_.workers) * rounds_;
    for (std::int64_t served = 0; served < requests; ++served) {
      co_await me.step(kOperate);
      const auto request = co_await me.receive(kRequestChannel);
      const int client = static_cast<int>((request - 1) / rounds_);
      const int round = static_cast<int>((request - 1) % rounds_) + 1;
      if (is_writer(client)) {
        co_await me.write(kWritingFlag, 1);
        co_await me.think(config_.think_ms);
        co_await me.write(bucket_field((client * 7 + round) % buckets_), round);
        co_await me.write(kWritingFlag, 0);
      } else {
        co_await me.read(kWritingFlag);
        co_await me.read(bucket_field((client + round) % buckets_));
      }
      co_await me.send(reply_channel(client), 1);
    }
  }

  RunConfig config_;
  int buckets_;
  int writers_;
  int rounds_;
};

}  // namespace

ScenarioSpec cache_spec() {
  return {.name = "cache",
          .title = "Shared map: readers and writers",
          .story =
              "Writers change an in-memory map while readers look things up. Like Go's runtime, "
              "the map raises a flag while it is being written, and a read that finds the flag "
              "raised is a crash: concurrent map read and map write.",
          .locks = {LockKind::None, LockKind::Mutex, LockKind::RWMutex, LockKind::Spinlock,
                    LockKind::Channel},
          .default_workers = 4,
          .default_think_ms = 5,
          .params = {{"buckets", "Buckets in the map", 1, 64, 8},
                     {"writers", "Workers who write", 1, RunConfig::kMaxWorkers, 1, true},
                     {"rounds", "Operations per worker", 1, 1000, 10}},
          .make = [](const RunConfig& config) { return std::make_unique<CacheRun>(config); }};
}

}  // namespace racelab
