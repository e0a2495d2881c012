#include "core/threads_run.hpp"

#include <algorithm>
#include <cassert>
#include <thread>

namespace racelab {

namespace {

// The steps of a booking worker's program, as the trace numbers them.
constexpr std::int16_t kStepLook = 1;   // ask the receptionist, read the calendar
constexpr std::int16_t kStepThink = 2;  // think with the free slot in mind
constexpr std::int16_t kStepWrite = 3;  // write the name, hand the logbook back

}  // namespace

const char* activity_name(Activity activity) {
  switch (activity) {
    case Activity::Arriving:
      return "arriving";
    case Activity::Queueing:
      return "queueing";
    case Activity::Reading:
      return "reading";
    case Activity::Thinking:
      return "thinking";
    case Activity::Writing:
      return "writing";
    case Activity::Booked:
      return "booked";
    case Activity::LeftEmpty:
      return "left";
  }
  return "unknown";
}

ThreadsRun::ThreadsRun(const RunConfig& config, DeskPool& desks)
    : config_(config),
      desks_(desks),
      calendar_(config.workers),
      receptionist_(config.lock),
      doors_(config.workers),
      activities_(std::make_unique<std::atomic<Activity>[]>(config.workers)),
      events_(config.workers),
      lock_wait_ns_(config.workers, 0) {
  assert(config.workers <= desks.size() && "the threads engine seats every worker at a desk");
  for (int worker = 0; worker < config.workers; ++worker) {
    activities_[worker].store(Activity::Arriving, std::memory_order_relaxed);
    events_[worker].reserve(4 * kSlotCount);
  }
  epoch_ = std::chrono::steady_clock::now();
  desks_.dispatch(config.workers, [this](int desk) { run_worker(desk, desk); });
}

ThreadsRun::~ThreadsRun() {
  request_stop();
  wait();
}

int ThreadsRun::workers_done() const {
  int done = 0;
  for (int worker = 0; worker < config_.workers; ++worker) {
    const auto now = activity(worker);
    done += now == Activity::Booked || now == Activity::LeftEmpty;
  }
  return done;
}

double ThreadsRun::elapsed_ms() const {
  const auto finished_at = finished_at_ns_.load(std::memory_order_relaxed);
  if (finished_at >= 0) return static_cast<double>(finished_at) / 1e6;
  const auto elapsed = std::chrono::steady_clock::now() - epoch_;
  return std::chrono::duration<double, std::milli>(elapsed).count();
}

void ThreadsRun::set_activity(int worker, Activity activity) {
  activities_[worker].store(activity, std::memory_order_relaxed);
}

void ThreadsRun::think(int worker) {
  // Slices of a few milliseconds, so that a stop does not wait for a long think to end.
  constexpr auto kSlice = std::chrono::milliseconds(5);
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(config_.think_ms);
  set_activity(worker, Activity::Thinking);
  for (auto now = std::chrono::steady_clock::now(); now < until;
       now = std::chrono::steady_clock::now()) {
    if (stop_.load(std::memory_order_relaxed)) return;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(kSlice, until - now));
  }
}

void ThreadsRun::run_worker(int worker, int desk) {
  auto& events = events_[worker];
  auto now_ns = [this] {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                                epoch_)
        .count();
  };
  auto record = [&](EventKind kind, std::int16_t step, std::int32_t field = 0,
                    std::int64_t value = 0) {
    const bool touches_calendar = kind == EventKind::Read || kind == EventKind::Write;
    events.push_back({now_ns(), worker, desk, kind,
                      touches_calendar ? ResourceId::Calendar : ResourceId::None, step, field,
                      value});
  };
  auto leave = [&](Activity last) {
    set_activity(worker, last);
    const auto at = now_ns();
    // Relaxed max: only the largest value matters, and the controlling thread reads it after the
    // pool's idle() acquire.
    auto seen = finished_at_ns_.load(std::memory_order_relaxed);
    while (seen < at &&
           !finished_at_ns_.compare_exchange_weak(seen, at, std::memory_order_relaxed)) {
    }
  };

  doors_.arrive_and_wait();
  if (stop_.load(std::memory_order_relaxed)) return leave(Activity::LeftEmpty);

  record(EventKind::StepBegin, kStepLook);
  if (receptionist_.guards()) {
    set_activity(worker, Activity::Queueing);
    record(EventKind::LockRequested, kStepLook);
    const auto asked = now_ns();
    receptionist_.acquire();
    lock_wait_ns_[worker] = now_ns() - asked;
    record(EventKind::LockAcquired, kStepLook);
  }
  set_activity(worker, Activity::Reading);
  int chosen = -1;
  for (int slot : slot_preference()) {
    const int names = calendar_.names_in(slot);
    record(EventKind::Read, kStepLook, slot, names);
    if (names == 0) {
      chosen = slot;
      break;
    }
  }
  record(EventKind::StepEnd, kStepLook);

  if (chosen >= 0 && !stop_.load(std::memory_order_relaxed)) {
    record(EventKind::StepBegin, kStepThink);
    think(worker);
    record(EventKind::StepEnd, kStepThink);
  }
  if (chosen >= 0 && !stop_.load(std::memory_order_relaxed)) {
    record(EventKind::StepBegin, kStepWrite);
    set_activity(worker, Activity::Writing);
    calendar_.write_name(chosen, worker);
    record(EventKind::Write, kStepWrite, chosen, worker);
    record(EventKind::StepEnd, kStepWrite);
  } else {
    chosen = -1;
  }

  if (receptionist_.guards()) {
    receptionist_.release();
    record(EventKind::LockReleased, 0);
  }
  leave(chosen >= 0 ? Activity::Booked : Activity::LeftEmpty);
}

Summary ThreadsRun::summary() const {
  Summary summary;
  summary.config = config_;
  summary.desks = config_.workers;
  summary.started = true;
  const bool done = finished();
  const bool stopped = stop_.load(std::memory_order_relaxed);
  summary.finished = done && !stopped;
  summary.stopped = done && stopped;

  const auto page = calendar_.snapshot();
  summary.violations = booking_violations(page);
  summary.outcome = booking_outcome(page, config_.workers);
  if (!done) {
    summary.verdict = "Running: " + std::to_string(workers_done()) + " of " +
                      std::to_string(config_.workers) + " workers done.";
    return summary;
  }
  summary.verdict = booking_verdict(page, config_.workers);
  if (stopped) summary.verdict = "Stopped before everyone was done. " + summary.verdict;

  std::size_t events = 0;
  std::size_t operations = 0;
  for (const auto& list : events_) {
    events += list.size();
    operations += std::count_if(list.begin(), list.end(), [](const Event& event) {
      return event.kind == EventKind::Read || event.kind == EventKind::Write;
    });
  }
  summary.metrics = {{"events", events}, {"operations", operations}, {"duration_ms", elapsed_ms()}};
  if (receptionist_.guards()) {
    const auto longest = *std::max_element(lock_wait_ns_.begin(), lock_wait_ns_.end());
    std::int64_t total = 0;
    for (auto wait : lock_wait_ns_)
      total += wait;
    summary.metrics["lock_wait_ms"] = {
        {"max", static_cast<double>(longest) / 1e6},
        {"mean", static_cast<double>(total) / 1e6 / config_.workers}};
  }
  return summary;
}

Trace ThreadsRun::trace() const {
  assert(finished() && "the trace is complete only once every worker is done");
  return merge_worker_traces(events_);
}

}  // namespace racelab
