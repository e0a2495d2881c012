#include "core/explore.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>

namespace racelab {

namespace {

// Where the choices run out, whoever went last goes on; otherwise the lowest number.
int least_switching(const std::vector<int>& runnable, int last) {
  return std::binary_search(runnable.begin(), runnable.end(), last) ? last : runnable.front();
}

class Replay final : public Chooser {
 public:
  Replay(std::vector<int> choices, std::shared_ptr<std::string> problem,
         std::shared_ptr<std::size_t> used)
      : choices_(std::move(choices)), problem_(std::move(problem)), next_(std::move(used)) {}

  int choose(const std::vector<int>& runnable, int last) override {
    auto& next = *next_;
    if (next == choices_.size()) return least_switching(runnable, last);
    const int wanted = choices_[next++];
    if (std::binary_search(runnable.begin(), runnable.end(), wanted)) return wanted;
    std::string who;
    for (const int worker : runnable)
      who += (who.empty() ? "" : ", ") + std::to_string(worker);
    *problem_ = "the schedule picks worker " + std::to_string(wanted) + " at choice " +
                std::to_string(next) + ", where only " + who +
                " could go: it was made for other settings";
    return -1;
  }

 private:
  std::vector<int> choices_;
  std::shared_ptr<std::string> problem_;
  std::shared_ptr<std::size_t> next_;
};

}  // namespace

ScheduledRun start_scheduled_run(const RunConfig& config, std::vector<int> choices,
                                 std::unique_ptr<ScenarioRun> scenario) {
  auto deterministic = config;
  deterministic.engine = EngineKind::Deterministic;
  if (!scenario) {
    const auto* spec = find_scenario(config.scenario);
    assert(spec && "start_scheduled_run needs a validated config");
    scenario = spec->make(deterministic);
  }
  ScheduledRun scheduled{std::make_unique<DeterministicRun>(deterministic, std::move(scenario)),
                         std::make_shared<std::string>(), std::make_shared<std::size_t>(0),
                         choices.size()};
  scheduled.run->set_chooser(std::make_unique<Replay>(
      std::move(choices), scheduled.schedule_problem, scheduled.choices_used));
  return scheduled;
}

std::string ScheduledRun::problem() const {
  if (!schedule_problem->empty()) return *schedule_problem;
  if (run->finished() && *choices_used < choices_given) {
    return "the schedule has " + std::to_string(choices_given) + " choices, but this run makes " +
           std::to_string(*choices_used) + ": it was made for other settings";
  }
  return "";
}

// Follows the prefix, then the choice of fewest switches, and notes every choice point.
class Explorer::Recorder final : public Chooser {
 public:
  Recorder(const std::vector<int>& prefix, std::vector<Point>& points)
      : prefix_(prefix), points_(points) {}

  int choose(const std::vector<int>& runnable, int last) override {
    Point point;
    const bool last_can_go = std::binary_search(runnable.begin(), runnable.end(), last);
    if (last_can_go) point.options.push_back(last);
    for (const int worker : runnable) {
      if (worker != last || !last_can_go) point.options.push_back(worker);
    }
    point.last = last_can_go ? last : -1;
    point.preemptions_before = preemptions_;
    const std::size_t index = points_.size();
    if (index < prefix_.size()) {
      const auto at = std::find(point.options.begin(), point.options.end(), prefix_[index]);
      assert(at != point.options.end() && "a replayed prefix takes the same choices");
      point.taken = static_cast<std::size_t>(at - point.options.begin());
    }
    const int chosen = point.options[point.taken];
    if (point.last >= 0 && chosen != point.last) ++preemptions_;
    points_.push_back(std::move(point));
    return chosen;
  }

 private:
  const std::vector<int>& prefix_;
  std::vector<Point>& points_;
  int preemptions_ = 0;
};

Explorer::Explorer(const RunConfig& config, Options options, ScenarioMaker make)
    : config_(config), options_(options), make_(std::move(make)) {
  config_.engine = EngineKind::Deterministic;
  if (!make_) {
    const auto* spec = find_scenario(config_.scenario);
    assert(spec && "the explorer needs a validated config");
    make_ = [spec, config = config_] { return spec->make(config); };
  }
}

void Explorer::explore_one() {
  points_.clear();
  DeterministicRun run(config_, make_());
  run.set_chooser(std::make_unique<Recorder>(prefix_, points_));
  run.wait();
  const auto summary = run.summary();
  ++result_.schedules;
  if (!summary.races.empty()) ++result_.racing;
  if (run.deadlock()) ++result_.deadlocked;
  if (!summary.violations.empty()) {
    ++result_.failing;
    if (!result_.shortest_failing || run.steps_taken() < result_.shortest_steps) {
      result_.shortest_failing = run.choices();
      result_.shortest_steps = run.steps_taken();
      result_.shortest_verdict = summary.verdict;
    }
  }
}

bool Explorer::next_prefix() {
  // The deepest choice point with an option not tried yet that keeps within the bound.
  for (auto point = points_.rbegin(); point != points_.rend(); ++point) {
    const int cost = point->last >= 0 ? 1 : 0;  // every option but the first switches away
    if (point->preemptions_before + cost > options_.bound) continue;
    if (point->taken + 1 >= point->options.size()) continue;
    const auto depth = static_cast<std::size_t>(points_.rend() - point - 1);
    prefix_.resize(depth);
    for (std::size_t i = 0; i < depth; ++i)
      prefix_[i] = points_[i].options[points_[i].taken];
    prefix_.push_back(point->options[point->taken + 1]);
    return true;
  }
  return false;
}

bool Explorer::advance(double budget_ms) {
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::microseconds(static_cast<std::int64_t>(budget_ms * 1000));
  while (!done()) {
    if (result_.schedules >= options_.most_schedules) {
      done_ = true;  // incomplete: result_.complete stays false
      break;
    }
    explore_one();
    if (!next_prefix()) {
      done_ = true;
      result_.complete = true;
      break;
    }
    if (std::chrono::steady_clock::now() >= until) break;
  }
  return !done();
}

double Explorer::progress() const {
  if (done_) return 1.0;
  // Each choice point splits what is left of the tree among its options; the options before
  // the one taken are done.
  double done_share = 0.0;
  double weight = 1.0;
  for (const auto& point : points_) {
    const auto options = static_cast<double>(point.options.size());
    done_share += weight * static_cast<double>(point.taken) / options;
    weight /= options;
  }
  return std::clamp(done_share, 0.0, 1.0);
}

}  // namespace racelab
