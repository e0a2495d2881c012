#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/lock.hpp"
#include "core/summary.hpp"
#include "core/trace.hpp"
#include "core/worker_program.hpp"

namespace racelab {

struct RunConfig;

// A violation placed in time, for the timeline: the moment the invariant broke, the worker whose
// write broke it and, when there is one, the worker it clashed with.
struct ViolationMark {
  std::int64_t time_ns = 0;
  int worker = -1;
  int other = -1;
  std::string kind;  // as the summary's Violation: "double-booking", "torn-read", ...
  std::string detail;
};

// The most marks a run's timeline carries: enough to see where things broke.
inline constexpr std::size_t kMostViolationMarks = 2000;

// A line of a worker's program as the step engine shows it, short and Go-like
// ("if calendar[s] == \"\" {"). `ops` lists the requests the line makes (op_bit of each OpKind;
// none for a line that only shapes the code, like a closing brace); `step` is the program step
// (Worker::step) they belong to, or kAnyStep. A worker moves on to the next line that makes its
// next request, unless the line is `repeated`: it makes several requests (a loop over the
// calendar, two writes), and the worker stays on it while they match.
struct CodeLine {
  static constexpr int kAnyStep = -1;

  int step = kAnyStep;
  std::uint32_t ops = 0;
  std::string text;
  bool repeated = false;
  // For a line that reads or writes one field only: that field (-1: any), to tell apart lines
  // of one step that write different fields.
  int field = -1;
};

constexpr std::uint32_t op_bit(OpKind kind) {
  return 1u << static_cast<unsigned>(kind);
}

// A scenario parameter beside workers and think time, e.g. the flash sale's starting stock.
struct ParamSpec {
  std::string_view key;
  std::string_view label;
  int min = 0;
  int max = 0;
  int fallback = 0;
  bool up_to_workers = false;  // never more than the run's workers, e.g. the cache's writers

  // The highest value that fits a run of `workers`.
  int highest(int workers) const { return up_to_workers ? std::min(max, workers) : max; }
};

// A lock the scenario's programs use: its kind and, for semaphores, how many permits.
struct LockSpec {
  LockKind kind = LockKind::Mutex;
  int permits = 1;
};

// One run's instance of a scenario: the layout of its shared fields, the programs, the invariant
// and the words it is explained in. The engines call program() once per worker before the run and
// the other members from any thread at any time (they only read the memory given to them).
class ScenarioRun {
 public:
  virtual ~ScenarioRun() = default;

  // The shared fields and their starting values.
  virtual std::vector<std::int64_t> initial_memory() const = 0;
  // The locks the programs name by index (none when the lock type is none or atomic).
  virtual std::vector<LockSpec> locks() const { return {}; }
  // The channels the programs name by index, as their capacities.
  virtual std::vector<int> channels() const { return {}; }
  // Workers beyond config.workers that the scenario needs: the owner of the `channel` lock type.
  virtual int helpers() const { return 0; }

  virtual WorkerTask program(Worker me) = 0;

  // The invariant over the fields: empty while it holds. Checked during the run and at the end.
  virtual std::vector<Violation> violations(const std::vector<std::int64_t>& memory) const = 0;
  // Where and when the invariant broke, read from the run's trace (complete or still growing),
  // at most kMostViolationMarks of them, in time order. Linear in the trace.
  // None by default: a scenario without an invariant over time.
  virtual std::vector<ViolationMark> violation_marks(const Trace&) const { return {}; }
  // The summary's scenario-specific `outcome`.
  virtual nlohmann::json outcome(const std::vector<std::int64_t>& memory) const = 0;
  // What happened, in plain words, once the run is over.
  virtual std::string verdict(const std::vector<std::int64_t>& memory) const = 0;
  // A field in the scenario's words: "the 10:00 slot", "the stock count".
  virtual std::string field_label(int field) const = 0;
  // A step of a worker's program in the scenario's words: "look at the calendar".
  virtual std::string step_label(int worker, int step) const = 0;
  // A worker's program, for the step engine; empty where the scenario gives none (the engine
  // then shows the program's steps by their labels).
  virtual std::vector<CodeLine> code(int /*worker*/) const { return {}; }
  // A lock by its index in the scenario's words: "the projector". Most scenarios have one.
  virtual std::string lock_label(int lock) const {
    return lock == 0 ? "the lock" : "lock " + std::to_string(lock + 1);
  }
};

struct ScenarioSpec {
  std::string_view name;   // the link's and CLI's value: "flash-sale"
  std::string_view title;  // "Flash sale: the last pair of sneakers"
  std::string_view story;  // what the workers do, in the coworking words of the UI
  std::vector<LockKind> locks;
  int default_workers = 2;
  int default_think_ms = 20;
  std::vector<ParamSpec> params;
  std::function<std::unique_ptr<ScenarioRun>(const RunConfig&)> make;

  bool allows(LockKind kind) const;
  const ParamSpec* param(std::string_view key) const;
};

// Every built-in scenario, in the order the page lists them.
const std::vector<ScenarioSpec>& scenarios();
const ScenarioSpec* find_scenario(std::string_view name);

// "booking, flash-sale, …": names for messages.
std::string scenario_list();

}  // namespace racelab
