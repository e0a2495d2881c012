// The Chrome Trace Event export: its shape, the nesting of every track's slices, the count of step
// slices, lock hand-off arrows and race marks, over every scenario and lock, on both engines.

#include "core/chrome_trace.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/desk_pool.hpp"
#include "core/run.hpp"
#include "core/scenario.hpp"
#include "core/scenarios/registry.hpp"

namespace racelab {
namespace {

using nlohmann::json;

// In whole nanoseconds, the trace's own resolution: ts and ts + dur (added in doubles) rounded.
// Where no double duration makes ts + dur land on the end exactly, it lands within an ulp.
struct Slice {
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::string name;
};

// Every track's complete slices, sorted so that a parent comes before its children.
std::map<int, std::vector<Slice>> slices_by_track(const json& doc) {
  std::map<int, std::vector<Slice>> tracks;
  for (const auto& event : doc["traceEvents"]) {
    if (event["ph"] != "X") continue;
    const double ts = event["ts"].get<double>();
    tracks[event["tid"].get<int>()].push_back(
        {std::llround(ts * 1000), std::llround((ts + event["dur"].get<double>()) * 1000),
         event["name"].get<std::string>()});
  }
  for (auto& [tid, slices] : tracks) {
    std::stable_sort(slices.begin(), slices.end(), [](const Slice& a, const Slice& b) {
      return a.start != b.start ? a.start < b.start : a.end > b.end;
    });
  }
  return tracks;
}

// A stack over the sorted slices: each one starts after the enclosing one ends (a sibling) or
// ends within it (a child). Returns the first partial overlap, empty if none.
std::string first_overlap(const std::vector<Slice>& slices) {
  std::vector<const Slice*> stack;
  for (const auto& slice : slices) {
    while (!stack.empty() && stack.back()->end <= slice.start)
      stack.pop_back();
    if (!stack.empty() && slice.end > stack.back()->end) {
      return "'" + slice.name + "' ends after '" + stack.back()->name + "'";
    }
    if (slice.end < slice.start) return "'" + slice.name + "' ends before it starts";
    stack.push_back(&slice);
  }
  return {};
}

int count_kind(const Trace& trace, EventKind kind) {
  return static_cast<int>(
      std::count_if(trace.begin(), trace.end(), [&](const Event& e) { return e.kind == kind; }));
}

// What every export must hold, whatever the scenario: metadata, nesting, counts, flows.
void expect_well_formed(const json& doc, const ChromeTrace& exported, const Trace& trace,
                        int tracks) {
  ASSERT_TRUE(doc["traceEvents"].is_array());
  EXPECT_EQ(doc["displayTimeUnit"], "ns");
  EXPECT_EQ(doc["otherData"]["link"].get<std::string>().rfind("#scenario=", 0), 0u);
  EXPECT_EQ(exported.counts.tracks, tracks);

  std::map<int, std::string> names;
  std::map<int, int> sort_index;
  std::map<std::int64_t, int> flow_starts;
  std::map<std::int64_t, int> flow_finishes;
  std::int64_t complete = 0, steps = 0, instants = 0;
  bool process_named = false;
  for (const auto& event : doc["traceEvents"]) {
    const auto ph = event["ph"].get<std::string>();
    EXPECT_EQ(event["pid"], 1);
    if (ph == "M") {
      if (event["name"] == "process_name") {
        process_named = event["args"]["name"].get<std::string>().rfind("racelab: ", 0) == 0;
      }
      if (event["name"] == "thread_name") names[event["tid"]] = event["args"]["name"];
      if (event["name"] == "thread_sort_index") {
        sort_index[event["tid"]] = event["args"]["sort_index"];
      }
      continue;
    }
    const int tid = event["tid"];
    EXPECT_GE(tid, 1);
    EXPECT_LE(tid, tracks);
    EXPECT_TRUE(event["ts"].is_number());
    if (ph == "X") {
      ++complete;
      if (event["cat"] == "step") ++steps;
      EXPECT_GE(event["dur"].get<double>(), 0.0);
    } else if (ph == "s") {
      ++flow_starts[event["id"].get<std::int64_t>()];
    } else if (ph == "f") {
      EXPECT_EQ(event["bp"], "e");
      ++flow_finishes[event["id"].get<std::int64_t>()];
    } else if (ph == "i") {
      EXPECT_EQ(event["s"], "t");
      ++instants;
    } else {
      ADD_FAILURE() << "unexpected phase " << ph;
    }
  }
  EXPECT_TRUE(process_named);
  EXPECT_EQ(static_cast<int>(names.size()), tracks);
  for (const auto& [tid, index] : sort_index)
    EXPECT_EQ(index, tid - 1);
  EXPECT_EQ(complete, exported.counts.slices);
  EXPECT_EQ(steps, count_kind(trace, EventKind::StepBegin));
  EXPECT_EQ(steps, exported.counts.step_slices);
  EXPECT_EQ(instants, exported.counts.race_marks);
  EXPECT_EQ(static_cast<std::int64_t>(flow_starts.size()), exported.counts.flows);
  EXPECT_EQ(flow_starts, flow_finishes);
  for (const auto& [id, count] : flow_starts)
    EXPECT_EQ(count, 1) << "flow " << id;

  for (const auto& [tid, slices] : slices_by_track(doc)) {
    EXPECT_EQ(first_overlap(slices), "") << "on the track of " << names[tid];
  }
}

// The race marks: two per report, on both workers' tracks.
void expect_race_marks(const json& doc, const std::vector<RaceReport>& races) {
  std::multiset<std::pair<int, std::string>> marks;  // tid, other worker
  for (const auto& event : doc["traceEvents"]) {
    if (event["ph"] != "i") continue;
    EXPECT_EQ(event["cat"], "race");
    EXPECT_TRUE(event["args"].contains("field"));
    EXPECT_TRUE(event["args"].contains("kind"));
    marks.insert({event["tid"].get<int>(), event["args"]["other"].get<std::string>()});
  }
  EXPECT_EQ(marks.size(), 2 * races.size());
  for (const auto& race : races) {
    EXPECT_TRUE(marks.count({race.current.worker + 1, worker_name(race.previous.worker)}));
    EXPECT_TRUE(marks.count({race.previous.worker + 1, worker_name(race.current.worker)}));
  }
}

RunConfig quick(const std::string& scenario, LockKind lock, int workers, std::uint64_t seed) {
  RunConfig config = RunConfig::for_scenario(scenario);
  config.lock = lock;
  config.workers = workers;
  config.think_ms = 1;
  config.engine = EngineKind::Deterministic;
  config.seed = seed;
  if (config.params.count("reads")) config.params["reads"] = 4;
  if (config.params.count("updates")) config.params["updates"] = 3;
  if (config.params.count("rounds")) config.params["rounds"] = 4;
  return config;
}

struct Case {
  std::string scenario;
  LockKind lock;
};

std::vector<Case> every_case() {
  std::vector<Case> cases;
  for (const auto& spec : scenarios()) {
    for (auto lock : spec.locks)
      cases.push_back({std::string(spec.name), lock});
  }
  return cases;
}

class EveryScenario : public testing::TestWithParam<Case> {};

TEST_P(EveryScenario, ExportsNestedSlicesAStepSliceEachAndPairedFlows) {
  const auto& [scenario, lock] = GetParam();
  for (int workers : {1, 2, 5}) {
    for (std::uint64_t seed : {1u, 2u, 3u}) {
      SCOPED_TRACE(std::to_string(workers) + " workers, seed " + std::to_string(seed));
      const auto run = start_run(quick(scenario, lock, workers, seed), nullptr);
      run->wait();
      const auto exported = chrome_trace(*run);
      const auto doc = json::parse(exported.json);
      const auto trace = run->trace();
      expect_well_formed(doc, exported, trace, workers + run->scenario().helpers());
      expect_race_marks(doc, run->races());
      // One lock taken in turn by everyone: some must hand it on (unless nobody ever lets go).
      if ((lock == LockKind::Mutex || lock == LockKind::Spinlock) && workers > 1 &&
          !run->deadlock()) {
        EXPECT_GT(exported.counts.flows, 0);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Deterministic, EveryScenario, testing::ValuesIn(every_case()),
                         [](const testing::TestParamInfo<Case>& info) {
                           auto name = info.param.scenario + "_" +
                                       std::string(lock_kind_name(info.param.lock));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(ChromeTrace, RacesAreMarkedOnBothWorkersTracks) {
  RunConfig config = RunConfig::for_scenario("booking");
  config.lock = LockKind::None;
  config.workers = 2;
  config.think_ms = 20;
  config.engine = EngineKind::Deterministic;
  config.seed = 1;
  const auto run = start_run(config, nullptr);
  run->wait();
  ASSERT_FALSE(run->races().empty()) << "booking without a lock should race on seed 1";
  const auto exported = chrome_trace(*run);
  const auto doc = json::parse(exported.json);
  expect_well_formed(doc, exported, run->trace(), 2);
  expect_race_marks(doc, run->races());
  EXPECT_EQ(exported.counts.race_marks, 2 * static_cast<std::int64_t>(run->races().size()));
  EXPECT_EQ(exported.counts.flows, 0);
}

TEST(ChromeTrace, AMutexHandsOffOncePerNextWorkerAndItsHoldContinuesAcrossSteps) {
  auto config = quick("booking", LockKind::Mutex, 3, 4);
  config.think_ms = 5;
  const auto run = start_run(config, nullptr);
  run->wait();
  const auto exported = chrome_trace(*run);
  const auto doc = json::parse(exported.json);
  expect_well_formed(doc, exported, run->trace(), 3);
  // Each of the three books once under the lock: two hand-offs.
  EXPECT_EQ(exported.counts.flows, 2);
  // The lock is taken while looking and let go after writing: one hold per step of each worker.
  int holds = 0, continued = 0;
  for (const auto& event : doc["traceEvents"]) {
    if (event["ph"] != "X" || event["name"] != "holding mutex") continue;
    ++holds;
    if (event["args"].value("continued", false)) ++continued;
  }
  EXPECT_EQ(holds, 9);
  EXPECT_EQ(continued, 6);
}

TEST(ChromeTrace, AThreadsRunOfBookingExportsToo) {
  DeskPool desks(2);
  for (auto lock : {LockKind::Mutex, LockKind::None, LockKind::Spinlock}) {
    RunConfig config = RunConfig::for_scenario("booking");
    config.lock = lock;
    config.workers = 4;
    config.desks = 2;
    config.think_ms = 1;
    config.engine = EngineKind::Threads;
    const auto run = start_run(config, &desks);
    run->wait();
    const auto exported = chrome_trace(*run);
    const auto doc = json::parse(exported.json);
    expect_well_formed(doc, exported, run->trace(), 4);
    expect_race_marks(doc, run->races());
    if (lock != LockKind::None) EXPECT_EQ(exported.counts.flows, 3);
  }
}

// A scenario of two mutexes, for traces made by hand.
class TwoLocks final : public ScenarioRun {
 public:
  std::vector<std::int64_t> initial_memory() const override { return {0}; }
  std::vector<LockSpec> locks() const override {
    return {{LockKind::Mutex, 1}, {LockKind::Mutex, 1}};
  }
  WorkerTask program(Worker) override { return {}; }
  std::vector<Violation> violations(const std::vector<std::int64_t>&) const override { return {}; }
  nlohmann::json outcome(const std::vector<std::int64_t>&) const override { return {}; }
  std::string verdict(const std::vector<std::int64_t>&) const override { return {}; }
  std::string field_label(int) const override { return "the field"; }
  std::string step_label(int, int step) const override { return "step " + std::to_string(step); }
};

Event event(std::int64_t ns, int worker, EventKind kind, int field = 0, int step = 1) {
  const auto resource = kind == EventKind::Read || kind == EventKind::Write ? ResourceId::Memory
                        : kind == EventKind::ThinkBegin || kind == EventKind::ThinkEnd ||
                                kind == EventKind::StepBegin || kind == EventKind::StepEnd
                            ? ResourceId::None
                            : ResourceId::Lock;
  return {ns, worker, 0, kind, resource, static_cast<std::int16_t>(step), field, 0};
}

TEST(ChromeTrace, CrossedLockHoldsAreCutToNest) {
  // Alice takes lock 0, then lock 1, lets go of 0 first (hand over hand), then of 1; the run is
  // stopped while she still thinks.
  RunConfig config;
  config.workers = 1;
  const Trace trace = {
      event(0, 0, EventKind::StepBegin),        event(10, 0, EventKind::LockRequested, 0),
      event(10, 0, EventKind::LockAcquired, 0), event(20, 0, EventKind::LockRequested, 1),
      event(25, 0, EventKind::LockAcquired, 1), event(30, 0, EventKind::LockReleased, 0),
      event(40, 0, EventKind::LockReleased, 1), event(45, 0, EventKind::ThinkBegin),
  };
  TwoLocks scenario;
  const auto exported = chrome_trace(config, scenario, trace, {});
  const auto doc = json::parse(exported.json);
  expect_well_formed(doc, exported, trace, 1);
  std::vector<std::string> names;
  bool unfinished_step = false;
  for (const auto& e : doc["traceEvents"]) {
    if (e["ph"] != "X") continue;
    names.push_back(e["name"].get<std::string>() +
                    (e["args"].value("continued", false) ? "+" : ""));
    if (e["name"] == "step 1") unfinished_step = e["args"].value("unfinished", false);
  }
  // The hold of lock 1 ends where lock 0's does and goes on after it.
  EXPECT_EQ(names, (std::vector<std::string>{"waiting for mutex 0", "waiting for mutex 1",
                                             "holding mutex 1", "holding mutex 0",
                                             "holding mutex 1+", "thinking", "step 1"}));
  EXPECT_TRUE(unfinished_step);
}

TEST(ChromeTrace, EndsAddUpExactlyInDoubles) {
  // Times whose decimal microseconds do not add up in binary: the duration is chosen so they do.
  RunConfig config;
  config.workers = 1;
  Trace trace;
  std::int64_t ns = 0;
  for (int step = 1; step <= 300; ++step) {
    trace.push_back(event(ns, 0, EventKind::StepBegin, 0, step));
    trace.push_back(event(ns + 1, 0, EventKind::ThinkBegin, 0, step));
    ns += 123'456'789 + step * 7;
    trace.push_back(event(ns, 0, EventKind::ThinkEnd, 0, step));
    trace.push_back(event(ns, 0, EventKind::StepEnd, 0, step));
  }
  TwoLocks scenario;
  const auto exported = chrome_trace(config, scenario, trace, {});
  const auto doc = json::parse(exported.json);
  expect_well_formed(doc, exported, trace, 1);
  std::map<double, std::set<double>> ends_by_start;
  for (const auto& e : doc["traceEvents"]) {
    if (e["ph"] != "X") continue;
    const double ts = e["ts"];
    ends_by_start[ts].insert(ts + e["dur"].get<double>());
  }
  // A thinking slice ends where its step does: the same double, not one off by a rounding.
  std::set<double> ends;
  for (const auto& [start, set] : ends_by_start)
    ends.insert(set.begin(), set.end());
  EXPECT_EQ(ends.size(), 300u);
}

TEST(ChromeTrace, AMillionEventsExportWithEverySlice) {
  // 1000 workers, 100 rounds each of: step, wait, hold, two reads, think, a write, release.
  RunConfig config;
  config.workers = 1000;
  TwoLocks scenario;
  Trace trace;
  trace.reserve(1'000'000);
  std::int64_t ns = 0;
  for (int round = 0; round < 100; ++round) {
    for (int worker = 0; worker < config.workers; ++worker) {
      for (auto kind :
           {EventKind::StepBegin, EventKind::LockRequested, EventKind::LockAcquired,
            EventKind::Read, EventKind::Read, EventKind::ThinkBegin, EventKind::ThinkEnd,
            EventKind::Write, EventKind::LockReleased, EventKind::StepEnd}) {
        trace.push_back(event(ns, worker, kind));
        ns += 3;
      }
    }
  }
  ASSERT_EQ(trace.size(), 1'000'000u);
  // How fast is for a benchmark to say; here, that nothing of a large trace is lost.
  const auto exported = chrome_trace(config, scenario, trace, {});
  EXPECT_EQ(exported.counts.step_slices, 100'000);
  EXPECT_EQ(exported.counts.slices, 400'000);
  EXPECT_EQ(exported.counts.flows, 100'000 - 1);
  // Besides: two flow events per hand-off, two metadata events per worker and two for the run.
  EXPECT_EQ(nlohmann::json::parse(exported.json)["traceEvents"].size(),
            static_cast<std::size_t>(exported.counts.slices + 2 * exported.counts.flows +
                                     2 * config.workers + 2));
}

}  // namespace
}  // namespace racelab
