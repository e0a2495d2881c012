#include "core/run.hpp"

#include <algorithm>
#include <cassert>
#include <cstdio>

#include "core/deterministic_run.hpp"
#include "core/names.hpp"
#include "core/race_report.hpp"
#include "core/threads_run.hpp"

namespace racelab {

namespace {

double percentile_ms(std::vector<std::int64_t>& values, double fraction) {
  if (values.empty()) return 0.0;
  const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index),
                   values.end());
  return static_cast<double>(values[index]) / 1e6;
}

}  // namespace

const char* activity_name(Activity activity) {
  switch (activity) {
    case Activity::Ready: return "ready";
    case Activity::Running: return "running";
    case Activity::Queueing: return "queueing";
    case Activity::Thinking: return "thinking";
    case Activity::Done: return "done";
  }
  return "unknown";
}

Run::Run(const RunConfig& config, std::unique_ptr<ScenarioRun> scenario)
    : config_(config),
      scenario_(std::move(scenario)),
      total_workers_(config.workers + scenario_->helpers()),
      memory_(scenario_->initial_memory()),
      tallies_(total_workers_),
      lock_specs_(scenario_->locks()),
      channel_capacities_(scenario_->channels()),
      waits_on_(total_workers_, -1),
      activities_(std::make_unique<std::atomic<Activity>[]>(total_workers_)),
      waiting_(std::make_unique<std::atomic<Waiting>[]>(total_workers_)),
      holding_(std::make_unique<std::atomic<Holding>[]>(total_workers_)),
      locks_held_(total_workers_, 0),
      masked_locks_(static_cast<int>(std::min<std::size_t>(lock_specs_.size(), kMaskedLocks))),
      holds_per_lock_(static_cast<std::size_t>(total_workers_) * masked_locks_, 0),
      locks_held_mask_(std::make_unique<std::atomic<std::uint32_t>[]>(total_workers_)),
      lock_waited_(std::make_unique<std::atomic<int>[]>(total_workers_)) {
  tasks_.reserve(total_workers_);
  for (int worker = 0; worker < total_workers_; ++worker) {
    activities_[worker].store(Activity::Ready, std::memory_order_relaxed);
    waiting_[worker].store(Waiting::Lock, std::memory_order_relaxed);
    holding_[worker].store(Holding::Nothing, std::memory_order_relaxed);
    locks_held_mask_[worker].store(0, std::memory_order_relaxed);
    lock_waited_[worker].store(-1, std::memory_order_relaxed);
    tasks_.push_back(scenario_->program(Worker{worker}));
  }
}

void Run::note_lock_held(int worker, int lock, int change) {
  if (lock < 0 || lock >= masked_locks_) return;
  auto& holds = holds_per_lock_[static_cast<std::size_t>(worker) * masked_locks_ + lock];
  if (change < 0 && holds == 0) return;
  holds = static_cast<std::uint8_t>(holds + change);
  const auto bit = std::uint32_t{1} << lock;
  const auto mask = locks_held_mask_[worker].load(std::memory_order_relaxed);
  locks_held_mask_[worker].store(holds > 0 ? mask | bit : mask & ~bit, std::memory_order_relaxed);
}

const std::vector<RaceReport>& Run::races() const {
  assert(finished() && "races are analysed once the run is over");
  if (!races_done_) {
    std::vector<LockKind> kinds;
    for (const auto& spec : lock_specs_)
      kinds.push_back(spec.kind);
    races_ = find_races(trace(), total_workers_, kinds);
    races_done_ = true;
  }
  return races_;
}

void Run::describe_deadlock(Summary& summary) const {
  const auto& [cycle, locks, reading, behind, stuck] = *deadlock_;
  auto links = nlohmann::json::array();
  std::string story;
  for (std::size_t i = 0; i < cycle.size(); ++i) {
    const int worker = cycle[i];
    const int next = cycle[(i + 1) % cycle.size()];
    const auto lock = scenario_->lock_label(locks[i]);
    links.push_back(
        {{"worker", worker_name(worker)}, {"lock", lock}, {"waits_for", worker_name(next)}});
    story += (i ? "; " : "") + worker_name(worker) + " waits for " + lock;
    if (lock_specs_[locks[i]].kind == LockKind::RWMutex)
      story += reading[i] ? " to read" : " to write";
    if (next == worker) {
      story += ", which " + worker_name(worker) + " already holds";
    } else if (behind[i]) {
      story += ", in line behind " + worker_name(next);
    } else {
      story += ", which " + worker_name(next) + " holds";
    }
  }
  auto names = nlohmann::json::array();
  for (const int worker : stuck)
    names.push_back(worker_name(worker));
  summary.deadlock = {{"cycle", links}, {"stuck", names}};
  const auto detail = cycle.empty()
                          ? counted(static_cast<int>(stuck.size()), "worker", "workers") +
                                " could not move again, waiting for what nobody would give"
                          : story;
  summary.violations.push_back({"deadlock", detail});
  summary.verdict =
      "Deadlock: " + detail + ". Nobody can move, so the run ended here. " + summary.verdict;
}

void Run::note_stall(const std::vector<const LockState*>& locks) {
  std::vector<int> stuck;
  for (int worker = 0; worker < total_workers_; ++worker) {
    if (activity(worker) != Activity::Done) stuck.push_back(worker);
  }
  if (!stuck.empty()) deadlock_ = find_deadlock(locks, waits_on_, std::move(stuck));
}

std::vector<LockKind> Run::lock_kinds() const {
  std::vector<LockKind> kinds;
  for (const auto& spec : lock_specs_)
    kinds.push_back(spec.kind);
  return kinds;
}

std::int64_t Run::operations() const {
  std::int64_t operations = 0;
  for (const auto& tally : tallies_)
    operations += tally.operations;
  return operations;
}

Summary Run::summary() const {
  Summary summary;
  summary.config = config_;
  summary.desks_used = desks();
  summary.started = true;
  const bool done = finished();
  const bool stopped = stop_requested();
  summary.finished = done && !stopped;
  summary.stopped = done && stopped;

  const auto values = memory();
  summary.violations = scenario_->violations(values);
  summary.outcome = scenario_->outcome(values);
  if (!done) {
    summary.verdict = "Running: " + std::to_string(workers_done()) + " of " +
                      counted(config_.workers, "worker", "workers") + " done.";
    return summary;
  }
  summary.verdict = scenario_->verdict(values);
  if (deadlock_) describe_deadlock(summary);
  constexpr std::size_t kListedRaces = 100;
  const auto& found = races();
  for (std::size_t i = 0; i < found.size() && i < kListedRaces; ++i) {
    summary.races.push_back(race_report_json(found[i], *scenario_));
  }
  if (summary.violations.empty() && !found.empty()) {
    summary.verdict =
        "Race seen, data survived this time: " + race_explanation(found[0], *scenario_) + " " +
        summary.verdict;
  }
  if (stopped && trace_full()) {
    summary.verdict = "Stopped at " + std::to_string(kMaxEvents / 1'000'000) +
                      " million events, the most one run records: fewer workers or rounds keep "
                      "a run whole. " +
                      summary.verdict;
  } else if (stopped) {
    summary.verdict = "Stopped before everyone was done. " + summary.verdict;
  }

  std::int64_t operations = 0;
  std::int64_t contended = 0;
  std::vector<std::int64_t> waits;
  auto per_worker = nlohmann::json::array();
  for (const auto& tally : tallies_) {
    operations += tally.operations;
    contended += tally.contended;
    waits.insert(waits.end(), tally.lock_waits_ns.begin(), tally.lock_waits_ns.end());
  }
  const double seconds = std::max(elapsed_ms(), 1e-3) / 1e3;
  summary.metrics = {
      {"operations", operations},
      {"operations_per_second", static_cast<double>(operations) / seconds},
      {"duration_ms", elapsed_ms()},
      {"lock_acquisitions", waits.size()},
      {"lock_wait_p50_ms", percentile_ms(waits, 0.50)},
      {"lock_wait_p99_ms", percentile_ms(waits, 0.99)},
      {"contended_acquisitions", contended},
      // Contention: the share of acquisitions that found the lock taken and had to wait.
      {"contention",
       waits.empty() ? 0.0 : static_cast<double>(contended) / static_cast<double>(waits.size())},
      {"race_pairs", found.size()},
      {"races_analysed", races_analysed()},
  };
  // Per worker only while the list stays readable; totals always.
  std::int64_t running = 0, waiting = 0, thinking = 0;
  for (std::size_t worker = 0; worker < tallies_.size(); ++worker) {
    const auto& tally = tallies_[worker];
    running += tally.running_ns;
    waiting += tally.waiting_ns;
    thinking += tally.thinking_ns;
    if (tallies_.size() <= 64) {
      per_worker.push_back({{"running_ms", static_cast<double>(tally.running_ns) / 1e6},
                            {"waiting_ms", static_cast<double>(tally.waiting_ns) / 1e6},
                            {"thinking_ms", static_cast<double>(tally.thinking_ns) / 1e6}});
    }
  }
  summary.metrics["time_ms"] = {{"running", static_cast<double>(running) / 1e6},
                                {"waiting", static_cast<double>(waiting) / 1e6},
                                {"thinking", static_cast<double>(thinking) / 1e6}};
  if (!per_worker.empty()) summary.metrics["per_worker"] = per_worker;
  if (virtual_time(config_.engine)) {
    char hash[20];
    if (!trace_hash_done_) {
      trace_hash_ = trace_hash(trace());
      trace_hash_done_ = true;
    }
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(trace_hash_));
    summary.metrics["trace_hash"] = hash;
  }
  return summary;
}

std::unique_ptr<Run> start_run(const RunConfig& config, DeskPool* desks) {
  const auto* spec = find_scenario(config.scenario);
  assert(spec && spec->allows(config.lock) && "start_run needs a validated config");
  auto scenario = spec->make(config);
  // The step engine's runs are deterministic ones that a visitor schedules (StepSession);
  // started here, the seed schedules them.
  if (virtual_time(config.engine)) {
    return std::make_unique<DeterministicRun>(config, std::move(scenario));
  }
  assert(desks && desks->size() >= config.desks && "the threads engine needs its desks");
  return std::make_unique<ThreadsRun>(config, std::move(scenario), *desks);
}

}  // namespace racelab
