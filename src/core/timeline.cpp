#include "core/timeline.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace racelab {

namespace {

float microseconds(std::int64_t ns) {
  return static_cast<float>(static_cast<double>(ns) / 1000.0);
}

// What one worker has open while the trace is read.
struct OpenWork {
  std::int64_t step_ns = -1;
  std::int64_t wait_ns = -1;
  std::int64_t think_ns = -1;
  std::map<int, std::pair<std::int64_t, SliceKind>> holds;  // lock → since, side
};

}  // namespace

Timeline build_timeline(const Trace& trace, int workers, int desks,
                        const std::vector<LockKind>& locks, const std::vector<RaceReport>& races,
                        std::vector<ViolationMark> violations) {
  Timeline timeline;
  timeline.desk_lanes = desks;
  timeline.worker_lanes = workers;
  timeline.events = static_cast<std::int64_t>(trace.size());
  const std::int64_t last_ns = trace.empty() ? 0 : trace.back().time_ns;
  timeline.end_us = static_cast<double>(last_ns) / 1000.0;

  std::vector<std::vector<TimelineSlice>> lanes(static_cast<std::size_t>(desks + workers));
  const auto add = [&](int lane, std::int64_t from_ns, std::int64_t to_ns, SliceKind kind) {
    lanes[static_cast<std::size_t>(lane)].push_back(
        {microseconds(from_ns), microseconds(std::max(from_ns, to_ns)), static_cast<float>(lane),
         static_cast<float>(kind)});
  };

  // Desks: a slice per stretch of events one worker made there.
  struct Sitting {
    int worker = -1;
    std::int64_t since_ns = 0;
    std::int64_t last_ns = 0;
  };
  std::vector<Sitting> sittings(static_cast<std::size_t>(desks));
  std::vector<OpenWork> open(static_cast<std::size_t>(workers));

  for (const auto& event : trace) {
    if (event.worker < 0 || event.worker >= workers) continue;
    const auto t = event.time_ns;
    if (event.desk >= 0 && event.desk < desks) {
      auto& sitting = sittings[static_cast<std::size_t>(event.desk)];
      if (sitting.worker != event.worker) {
        if (sitting.worker >= 0)
          add(event.desk, sitting.since_ns, sitting.last_ns, SliceKind::Seated);
        sitting = {event.worker, t, t};
      }
      sitting.last_ns = std::max(sitting.last_ns, t);
    }
    const int lane = desks + event.worker;
    auto& work = open[static_cast<std::size_t>(event.worker)];
    switch (event.kind) {
      case EventKind::StepBegin: work.step_ns = t; break;
      case EventKind::StepEnd:
        if (work.step_ns >= 0) add(lane, work.step_ns, t, SliceKind::Running);
        work.step_ns = -1;
        break;
      case EventKind::LockRequested:
        if (work.wait_ns < 0) work.wait_ns = t;  // a spinner's retries are one wait
        break;
      case EventKind::LockAcquired: {
        if (work.wait_ns >= 0) add(lane, work.wait_ns, t, SliceKind::Waiting);
        work.wait_ns = -1;
        const auto kind = event.field >= 0 && event.field < static_cast<int>(locks.size())
                              ? locks[static_cast<std::size_t>(event.field)]
                              : LockKind::Mutex;
        const bool read = kind == LockKind::RWMutex && event.value == 1;
        work.holds[event.field] = {t, read ? SliceKind::HoldingRead : SliceKind::HoldingWrite};
        break;
      }
      case EventKind::LockReleased: {
        const auto held = work.holds.find(event.field);
        if (held != work.holds.end()) {
          add(lane, held->second.first, t, held->second.second);
          work.holds.erase(held);
        }
        break;
      }
      case EventKind::ThinkBegin: work.think_ns = t; break;
      case EventKind::ThinkEnd:
        if (work.think_ns >= 0) add(lane, work.think_ns, t, SliceKind::Thinking);
        work.think_ns = -1;
        break;
      default: break;
    }
  }

  // What is still open ends at the last event: a run still going, or stopped.
  for (int desk = 0; desk < desks; ++desk) {
    const auto& sitting = sittings[static_cast<std::size_t>(desk)];
    if (sitting.worker >= 0) add(desk, sitting.since_ns, sitting.last_ns, SliceKind::Seated);
  }
  for (int worker = 0; worker < workers; ++worker) {
    auto& work = open[static_cast<std::size_t>(worker)];
    const int lane = desks + worker;
    if (work.step_ns >= 0) add(lane, work.step_ns, last_ns, SliceKind::Running);
    if (work.wait_ns >= 0) add(lane, work.wait_ns, last_ns, SliceKind::Waiting);
    if (work.think_ns >= 0) add(lane, work.think_ns, last_ns, SliceKind::Thinking);
    for (const auto& [lock, held] : work.holds)
      add(lane, held.first, last_ns, held.second);
  }
  for (const auto& race : races) {
    for (const auto* access : {&race.current, &race.previous}) {
      if (access->worker >= 0 && access->worker < workers) {
        add(desks + access->worker, access->time_ns, access->time_ns, SliceKind::Race);
      }
    }
  }

  for (const auto& mark : violations) {
    for (int worker : {mark.worker, mark.other}) {
      if (worker >= 0 && worker < workers) {
        add(desks + worker, mark.time_ns, mark.time_ns, SliceKind::Violation);
      }
    }
  }
  timeline.violations = std::move(violations);

  std::size_t total = 0;
  for (const auto& lane : lanes)
    total += lane.size();
  timeline.slices.reserve(total);
  timeline.lane_begin.reserve(lanes.size() + 1);
  for (auto& lane : lanes) {
    timeline.lane_begin.push_back(timeline.slices.size());
    // Running first under the rest, each kind in time order: the shader draws in this order.
    std::stable_sort(lane.begin(), lane.end(), [](const TimelineSlice& a, const TimelineSlice& b) {
      return a.kind != b.kind ? a.kind < b.kind : a.start_us < b.start_us;
    });
    timeline.slices.insert(timeline.slices.end(), lane.begin(), lane.end());
  }
  timeline.lane_begin.push_back(timeline.slices.size());
  return timeline;
}

std::vector<TimelineSlice> coarsened(const std::vector<TimelineSlice>& slices, double gap_us) {
  std::vector<TimelineSlice> merged;
  for (const auto& slice : slices) {
    if (!merged.empty()) {
      auto& last = merged.back();
      if (last.lane == slice.lane && last.kind == slice.kind &&
          static_cast<double>(slice.start_us) - static_cast<double>(last.end_us) < gap_us) {
        last.end_us = std::max(last.end_us, slice.end_us);
        continue;
      }
    }
    merged.push_back(slice);
  }
  return merged;
}

const ViolationMark* violation_near(const Timeline& timeline, int lane, double at_us,
                                    double slack_us) {
  const int worker = lane - timeline.desk_lanes;
  const ViolationMark* nearest = nullptr;
  double distance = slack_us;
  for (const auto& mark : timeline.violations) {
    if (mark.worker != worker && mark.other != worker) continue;
    const double away = std::abs(static_cast<double>(mark.time_ns) / 1000.0 - at_us);
    if (away <= distance) {
      distance = away;
      nearest = &mark;
    }
  }
  return nearest;
}

}  // namespace racelab
