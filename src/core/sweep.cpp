#include "core/sweep.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>

#include "core/scenario.hpp"

namespace racelab {

namespace {

double number(const nlohmann::json& metrics, const char* key) {
  const auto found = metrics.find(key);
  return found != metrics.end() && found->is_number() ? found->get<double>() : 0.0;
}

}  // namespace

RunConfig sweep_point_config(const SweepSettings& settings, LockKind lock, int workers,
                             int reader_share) {
  assert(workers >= 2 && reader_share > 0 && reader_share < 100 && "a point needs readers");
  const auto* spec = find_scenario("bulletin");
  const int most_reads = spec->param("reads")->max;
  const int most_updates = spec->param("updates")->max;

  auto config = RunConfig::for_scenario("bulletin");
  config.workers = workers;
  config.lock = lock;
  config.engine = EngineKind::Deterministic;
  config.seed = settings.seed;
  config.think_ms = settings.think_ms;
  config.params["reading"] = settings.reading_ms;

  // The one writer's updates against every reader's reads: updates = readers * reads * (1-s)/s.
  const int readers = workers - 1;
  const double share = reader_share / 100.0;
  const double updates_per_read = (1.0 - share) / share;
  const auto updates_for = [&](int reads) {
    return std::max(1, static_cast<int>(std::lround(readers * reads * updates_per_read)));
  };
  int reads = static_cast<int>(std::lround(settings.acquisitions * share / readers));
  reads = std::clamp(reads, 1, most_reads);
  // Many readers at a low share would need more updates than the writer may make.
  if (updates_for(reads) > most_updates) {
    reads = std::max(1, static_cast<int>(most_updates / (readers * updates_per_read)));
  }
  config.params["reads"] = reads;
  config.params["updates"] = std::min(updates_for(reads), most_updates);
  return config;
}

Sweep::Sweep(SweepSettings settings) : settings_(std::move(settings)) {
  for (auto lock : settings_.locks) {
    for (int workers : settings_.workers) {
      for (int share : settings_.reader_shares) {
        plan_.push_back({lock, workers, share});
      }
    }
  }
  points_.reserve(plan_.size());
  if (plan_.empty()) finished_.store(true, std::memory_order_release);
}

void Sweep::advance(double budget_ms) {
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::microseconds(static_cast<std::int64_t>(budget_ms * 1000));
  while (!finished()) {
    if (cancelled()) {
      current_.reset();
      finished_.store(true, std::memory_order_release);
      return;
    }
    if (!current_) {
      const auto& next = plan_[points_.size()];
      current_ = start_run(
          sweep_point_config(settings_, next.lock, next.workers, next.reader_share), nullptr);
    }
    const auto left =
        std::chrono::duration<double, std::milli>(until - std::chrono::steady_clock::now()).count();
    current_->advance(std::max(left, 0.0));
    if (current_->finished()) finish_point();
    publish_progress();
    if (std::chrono::steady_clock::now() >= until) return;
  }
}

void Sweep::finish_point() {
  const auto& planned = plan_[points_.size()];
  const auto summary = current_->summary();
  const auto& metrics = summary.metrics;
  const auto& config = current_->config();

  SweepPoint point;
  point.lock = planned.lock;
  point.workers = planned.workers;
  point.reader_share = planned.reader_share;
  point.reads = config.param("reads");
  point.updates = config.param("updates");
  const double reads = static_cast<double>(point.reads) * (planned.workers - 1);
  point.actual_share = reads / (reads + point.updates);
  point.operations = number(metrics, "operations");
  point.operations_per_second = number(metrics, "operations_per_second");
  point.contention = number(metrics, "contention");
  point.lock_wait_p50_ms = number(metrics, "lock_wait_p50_ms");
  point.lock_wait_p99_ms = number(metrics, "lock_wait_p99_ms");
  point.duration_ms = number(metrics, "duration_ms");
  points_.push_back(point);
  current_.reset();

  done_.store(static_cast<int>(points_.size()), std::memory_order_release);
  if (points_.size() == plan_.size()) finished_.store(true, std::memory_order_release);
}

void Sweep::publish_progress() {
  double fraction = static_cast<double>(points_.size());
  if (current_) {
    fraction += static_cast<double>(current_->workers_done()) / current_->config().workers;
  }
  const auto millionths = static_cast<int>(fraction / static_cast<double>(plan_.size()) * 1e6);
  // Relaxed: a figure for the progress bar, ordered with nothing else.
  if (millionths > progress_millionths_.load(std::memory_order_relaxed)) {
    progress_millionths_.store(millionths, std::memory_order_relaxed);
  }
}

nlohmann::json to_json(const SweepPoint& point) {
  return {
      {"lock", lock_kind_name(point.lock)},
      {"workers", point.workers},
      {"reader_share", point.reader_share},
      {"actual_reader_share", point.actual_share},
      {"reads", point.reads},
      {"updates", point.updates},
      {"operations", point.operations},
      {"operations_per_second", point.operations_per_second},
      {"contention", point.contention},
      {"lock_wait_p50_ms", point.lock_wait_p50_ms},
      {"lock_wait_p99_ms", point.lock_wait_p99_ms},
      {"duration_ms", point.duration_ms},
  };
}

nlohmann::json sweep_json(const SweepSettings& settings, const std::vector<SweepPoint>& points) {
  auto locks = nlohmann::json::array();
  for (auto lock : settings.locks)
    locks.push_back(lock_kind_name(lock));
  auto rows = nlohmann::json::array();
  for (const auto& point : points)
    rows.push_back(to_json(point));
  return {
      {"settings",
       {{"scenario", "bulletin"},
        {"engine", "deterministic"},
        {"reader_shares", settings.reader_shares},
        {"workers", settings.workers},
        {"locks", locks},
        {"acquisitions", settings.acquisitions},
        {"think", settings.think_ms},
        {"reading", settings.reading_ms},
        {"seed", settings.seed}}},
      {"points", rows},
  };
}

}  // namespace racelab
