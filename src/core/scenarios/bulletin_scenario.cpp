// bulletin: the bulletin board (a configuration record). One writer, Alice, rewrites the four
// fields of the notice now and then, one sheet at a time; everyone else reads all four again and
// again, taking `reading` ms over each sheet but the last. The invariant: no reader sees fields of
// two different versions together (a torn read).

#include <algorithm>

#include "core/config.hpp"
#include "core/names.hpp"
#include "core/scenarios/code.hpp"
#include "core/scenarios/registry.hpp"

namespace racelab {

namespace {

constexpr int kBoardFields = 4;  // title, room, time, host: each holds its version number
constexpr int kReaderStats = 4;  // per reader: reads done, torn reads, first torn versions
int stat_field(int worker, int stat) {
  return kBoardFields + worker * kReaderStats + stat;
}
constexpr int kReads = 0;
constexpr int kTorn = 1;
constexpr int kTornLow = 2;
constexpr int kTornHigh = 3;

constexpr int kRewrite = 1;  // the writer pins up a new version, sheet by sheet
constexpr int kRead = 1;     // a reader reads the whole notice
constexpr int kAway = 2;     // either of them, away from the board

const char* const kFieldNames[kBoardFields] = {"title", "room", "time", "host"};

class BulletinRun final : public ScenarioRun {
 public:
  explicit BulletinRun(const RunConfig& config)
      : config_(config),
        updates_(config.param("updates")),
        reads_(config.param("reads")),
        reading_ms_(config.param("reading")) {}

  std::vector<std::int64_t> initial_memory() const override {
    return std::vector<std::int64_t>(kBoardFields + config_.workers * kReaderStats, 0);
  }

  std::vector<LockSpec> locks() const override { return single_lock(config_.lock); }

  WorkerTask program(Worker me) override { return me.index == 0 ? write(me) : read(me); }

  std::vector<Violation> violations(const std::vector<std::int64_t>& memory) const override {
    std::vector<Violation> found;
    for (int reader = 1; reader < config_.workers; ++reader) {
      if (memory[stat_field(reader, kTorn)] == 0) continue;
      found.push_back({"torn-read", worker_name(reader) + " saw versions " +
                                        std::to_string(memory[stat_field(reader, kTornLow)]) +
                                        " and " +
                                        std::to_string(memory[stat_field(reader, kTornHigh)]) +
                                        " on the board at once"});
    }
    return found;
  }

  // A torn read is counted by the reader after it lets go of the board; the mark goes where it
  // read the last sheet, with the versions it saw in that round.
  std::vector<ViolationMark> violation_marks(const Trace& trace) const override {
    struct Round {
      std::int64_t last_read_ns = 0;
      std::int64_t low = 0;
      std::int64_t high = 0;
      int sheets = 0;
    };
    std::vector<ViolationMark> marks;
    std::vector<Round> rounds(static_cast<std::size_t>(config_.workers));
    for (const auto& event : trace) {
      if (event.worker <= 0 || event.worker >= config_.workers) continue;
      auto& round = rounds[static_cast<std::size_t>(event.worker)];
      if (event.kind == EventKind::StepBegin && event.step == kRead) round = {};
      if (event.kind == EventKind::Read && event.field < kBoardFields) {
        round.low = round.sheets == 0 ? event.value : std::min(round.low, event.value);
        round.high = round.sheets == 0 ? event.value : std::max(round.high, event.value);
        round.last_read_ns = event.time_ns;
        ++round.sheets;
      }
      if (event.kind == EventKind::Write && event.field == stat_field(event.worker, kTorn)) {
        marks.push_back({round.last_read_ns, event.worker, 0, "torn-read",
                         worker_name(event.worker) + " saw versions " + std::to_string(round.low) +
                             " and " + std::to_string(round.high) + " on the board at once"});
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
    auto board = nlohmann::json::array();
    for (int field = 0; field < kBoardFields; ++field) {
      board.push_back({{"field", kFieldNames[field]}, {"version", memory[field]}});
    }
    auto readers = nlohmann::json::array();
    std::int64_t reads = 0;
    std::int64_t torn = 0;
    for (int reader = 1; reader < config_.workers; ++reader) {
      reads += memory[stat_field(reader, kReads)];
      torn += memory[stat_field(reader, kTorn)];
      if (config_.workers > 65) continue;  // the totals say enough for huge runs
      nlohmann::json entry = {{"name", worker_name(reader)},
                              {"reads", memory[stat_field(reader, kReads)]},
                              {"torn", memory[stat_field(reader, kTorn)]}};
      if (memory[stat_field(reader, kTorn)] > 0) {
        entry["first_torn_versions"] = {memory[stat_field(reader, kTornLow)],
                                        memory[stat_field(reader, kTornHigh)]};
      }
      readers.push_back(entry);
    }
    return {{"writer", worker_name(0)}, {"board", board}, {"updates", updates_},
            {"reads", reads},           {"torn", torn},  // of the reads
            {"readers", readers}};
  }

  std::string verdict(const std::vector<std::int64_t>& memory) const override {
    std::int64_t torn = 0;
    std::int64_t reads = 0;
    for (int reader = 1; reader < config_.workers; ++reader) {
      torn += memory[stat_field(reader, kTorn)];
      reads += memory[stat_field(reader, kReads)];
    }
    if (torn > 0) {
      return std::to_string(torn) + " of " + counted(reads, "read", "reads") +
             (torn == 1 ? " was" : " were") +
             " torn: readers "
             "saw part of an old notice and part of a new one, because " +
             worker_name(0) + " was pinning up sheets while they read.";
    }
    if (reads == 0) return "Nobody read the notice.";
    if (reads == 1) return "The one read saw one whole version of the notice.";
    return "All " + std::to_string(reads) + " reads saw one whole version of the notice.";
  }

  std::string step_label(int worker, int step) const override {
    if (step == kAway) return "away from the board";
    if (step == kRewrite && worker == 0) return "pin up a new version";
    return step == kRead ? "read the notice" : "start";
  }

  std::vector<CodeLine> code(int worker) const override {
    constexpr auto kThink = op_bit(OpKind::Think);
    constexpr auto kWrite = op_bit(OpKind::Write);
    const auto any = CodeLine::kAnyStep;
    const bool guarded = uses_lock(config_.lock);
    std::vector<CodeLine> code;
    const auto side = worker == 0 ? LockSide::Exclusive : LockSide::Shared;
    const auto lock = [&] {
      code.push_back(code_line(1, worker == 0 ? kRewrite : kRead, op_bit(OpKind::Acquire),
                               lock_text(config_.lock, side)));
    };
    const auto unlock = [&] {
      code.push_back(code_line(1, any, op_bit(OpKind::Release), unlock_text(config_.lock, side)));
    };
    if (worker == 0) {
      code.push_back(code_shape(0, "for version := 1; version <= updates; version++ {"));
      if (guarded) lock();
      code.push_back(code_shape(1, "for _, sheet := range board {"));
      code.push_back(code_line(2, kRewrite, kWrite, "board[sheet] = version"));
      code.push_back(code_line(2, kRewrite, kThink, "think()  // between sheets"));
      code.push_back(code_shape(1, "}"));
      if (guarded) unlock();
      code.push_back(code_line(1, kAway, kThink, "think()  // away from the board"));
      code.push_back(code_shape(0, "}"));
      return code;
    }
    code.push_back(code_shape(0, "for round := 1; round <= reads; round++ {"));
    if (guarded) lock();
    code.push_back(code_shape(1, "for _, sheet := range board {"));
    code.push_back(code_lines(2, kRead, op_bit(OpKind::Read), "seen[sheet] = board[sheet]"));
    if (reading_ms_ > 0) code.push_back(code_line(2, kRead, kThink, "think()  // reading"));
    code.push_back(code_shape(1, "}"));
    if (guarded) unlock();
    code.push_back(code_lines(1, any, kWrite, "tally(seen)  // torn if versions differ"));
    code.push_back(code_line(1, kAway, kThink, "think()  // away from the board"));
    code.push_back(code_shape(0, "}"));
    return code;
  }

  std::string field_label(int field) const override {
    if (field < kBoardFields) return std::string("the board's ") + kFieldNames[field];
    return worker_name((field - kBoardFields) / kReaderStats) + "'s tally";
  }

 private:
  WorkerTask write(Worker me) {
    const bool guarded = uses_lock(config_.lock);
    for (int version = 1; version <= updates_; ++version) {
      co_await me.step(kRewrite);
      if (guarded) co_await me.acquire(0, LockSide::Exclusive);
      for (int field = 0; field < kBoardFields; ++field) {
        co_await me.write(field, version);
        if (field + 1 < kBoardFields) co_await me.think(config_.think_ms);
      }
      if (guarded) co_await me.release(0, LockSide::Exclusive);
      co_await me.step(kAway);
      co_await me.think(4 * config_.think_ms);
    }
  }

  WorkerTask read(Worker me) {
    const bool guarded = uses_lock(config_.lock);
    std::int64_t torn = 0;
    for (int round = 1; round <= reads_; ++round) {
      co_await me.step(kRead);
      if (guarded) co_await me.acquire(0, LockSide::Shared);
      std::int64_t low = 0;
      std::int64_t high = 0;
      for (int field = 0; field < kBoardFields; ++field) {
        const auto version = co_await me.read(field);
        low = field == 0 ? version : std::min(low, version);
        high = field == 0 ? version : std::max(high, version);
        // Reading that takes time is what lets an RWMutex's readers overlap; at 0 there is no
        // pause at all, so the runs of older links replay exactly.
        if (reading_ms_ > 0 && field + 1 < kBoardFields) co_await me.think(reading_ms_);
      }
      if (guarded) co_await me.release(0, LockSide::Shared);
      if (low != high) {
        if (torn == 0) {
          co_await me.write(stat_field(me.index, kTornLow), low);
          co_await me.write(stat_field(me.index, kTornHigh), high);
        }
        co_await me.write(stat_field(me.index, kTorn), ++torn);
      }
      co_await me.write(stat_field(me.index, kReads), round);
      co_await me.step(kAway);
      co_await me.think(config_.think_ms);
    }
  }

  RunConfig config_;
  int updates_;
  int reads_;
  int reading_ms_;
};

}  // namespace

ScenarioSpec bulletin_spec() {
  return {.name = "bulletin",
          .title = "Bulletin board: many readers, one writer",
          .story =
              "Alice rewrites the four sheets of the notice now and then, one sheet at a time; "
              "everyone else reads the whole notice again and again. Nobody should see half an "
              "old notice and half a new one.",
          .locks = {LockKind::None, LockKind::Mutex, LockKind::RWMutex, LockKind::Spinlock},
          .default_workers = 6,
          .default_think_ms = 5,
          .params = {{"updates", "Rewrites by the writer", 1, 1000, 5},
                     {"reads", "Reads per reader", 1, 10'000, 20},
                     {"reading", "Time a reader spends on a sheet, ms", 0, 500, 0}},
          .make = [](const RunConfig& config) { return std::make_unique<BulletinRun>(config); }};
}

}  // namespace racelab
