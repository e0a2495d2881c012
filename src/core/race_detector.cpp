#include "core/race_detector.hpp"

#include <algorithm>
#include <cassert>

namespace racelab {

namespace {

// Past this many conflicting reads, one write's reports stop: the point is made.
constexpr int kReportsPerWrite = 8;

RaceAccess access_of(const Event& event, bool write) {
  return {event.worker, event.step, event.time_ns, write};
}

bool same_pair(const RaceReport& report, int field, const RaceAccess& current,
               const RaceAccess& previous) {
  return report.field == field && report.current.worker == current.worker &&
         report.current.step == current.step && report.current.write == current.write &&
         report.previous.worker == previous.worker && report.previous.step == previous.step &&
         report.previous.write == previous.write;
}

}  // namespace

RaceDetector::RaceDetector(int workers, std::vector<LockKind> lock_kinds)
    : workers_(workers),
      lock_kinds_(std::move(lock_kinds)),
      clocks_(workers, VectorClock(workers, 0)),
      locks_(lock_kinds_.size()) {
  assert(workers <= kMaxWorkers && "vector clocks past kMaxWorkers would not fit in memory");
  // Every worker starts after the run's set-up, each in an epoch of its own.
  for (int worker = 0; worker < workers; ++worker)
    clocks_[worker][worker] = 1;
}

bool RaceDetector::ordered_before(const Epoch& epoch, int worker) const {
  return epoch.worker < 0 || epoch.clock <= clocks_[worker][epoch.worker];
}

void RaceDetector::join(VectorClock& into, const VectorClock& from) const {
  if (from.empty()) return;
  if (into.empty()) into.assign(workers_, 0);
  for (int worker = 0; worker < workers_; ++worker)
    into[worker] = std::max(into[worker], from[worker]);
}

RaceDetector::FieldState& RaceDetector::field(int index) {
  if (index >= static_cast<int>(fields_.size())) fields_.resize(index + 1);
  return fields_[index];
}

RaceDetector::VectorClock& RaceDetector::lock_clock(int lock, bool read_side) {
  return read_side ? locks_[lock].read_released : locks_[lock].released;
}

void RaceDetector::observe(const Event& event) {
  const int worker = event.worker;
  assert(worker >= 0 && worker < workers_ && "an event of a worker the detector does not know");
  auto& clock = clocks_[worker];
  switch (event.kind) {
    case EventKind::Read: return read(event);
    case EventKind::Write: return write(event);

    case EventKind::LockAcquired: {
      const bool rw = lock_kinds_[event.field] == LockKind::RWMutex;
      const bool shared = rw && event.value == 1;
      join(clock, lock_clock(event.field, false));
      // A writer comes after every reader that left before it.
      if (rw && !shared) join(clock, lock_clock(event.field, true));
      return;
    }
    case EventKind::LockReleased: {
      const bool shared = lock_kinds_[event.field] == LockKind::RWMutex && event.value == 1;
      join(lock_clock(event.field, shared), clock);
      tick(worker);
      return;
    }

    case EventKind::AtomicLoad:
      if (event.field < static_cast<int>(atomics_.size())) join(clock, atomics_[event.field]);
      return;
    case EventKind::AtomicStore:
    case EventKind::AtomicUpdate:
      if (event.field >= static_cast<int>(atomics_.size())) atomics_.resize(event.field + 1);
      join(clock, atomics_[event.field]);
      join(atomics_[event.field], clock);
      tick(worker);
      return;

    case EventKind::Send:
      if (event.field >= static_cast<int>(channels_.size())) channels_.resize(event.field + 1);
      channels_[event.field].push_back({event.value, clock});
      tick(worker);
      return;
    case EventKind::Receive: {
      if (event.field >= static_cast<int>(channels_.size())) return;
      auto& queue = channels_[event.field];
      // The oldest message with this value: the one a FIFO channel delivered.
      const auto sent = std::find_if(queue.begin(), queue.end(), [&](const Message& message) {
        return message.value == event.value;
      });
      if (sent == queue.end()) return;
      join(clock, sent->clock);
      queue.erase(sent);
      return;
    }

    default: return;  // steps, thinking, blocking: no access and no edge
  }
}

void RaceDetector::read(const Event& event) {
  const int worker = event.worker;
  auto& state = field(event.field);
  const auto now = clocks_[worker][worker];
  const RaceAccess current = access_of(event, false);

  if (!state.read_shared && state.read.worker == worker && state.read.clock == now) return;
  if (!ordered_before(state.write, worker)) report(event.field, current, state.write_access);

  if (state.read_shared) {
    state.reads[worker] = now;
    state.read_sides[worker] = current;
  } else if (ordered_before(state.read, worker)) {
    state.read = {worker, now};
    state.read_access = current;
  } else {
    // Two unordered reads: from here on, one clock entry per reader.
    state.read_shared = true;
    state.reads.assign(workers_, 0);
    state.read_sides.assign(workers_, RaceAccess{});
    state.reads[state.read.worker] = state.read.clock;
    state.read_sides[state.read.worker] = state.read_access;
    state.reads[worker] = now;
    state.read_sides[worker] = current;
  }
}

void RaceDetector::write(const Event& event) {
  const int worker = event.worker;
  auto& state = field(event.field);
  const auto now = clocks_[worker][worker];
  const RaceAccess current = access_of(event, true);

  if (state.write.worker == worker && state.write.clock == now) return;
  if (!ordered_before(state.write, worker)) report(event.field, current, state.write_access);

  if (state.read_shared) {
    int reported = 0;
    for (int reader = 0; reader < workers_ && reported < kReportsPerWrite; ++reader) {
      if (reader == worker || state.reads[reader] == 0) continue;
      if (state.reads[reader] > clocks_[worker][reader]) {
        report(event.field, current, state.read_sides[reader]);
        ++reported;
      }
    }
    state.read_shared = false;
    state.reads.clear();
    state.read_sides.clear();
    state.read = {};
  } else if (state.read.worker != worker && !ordered_before(state.read, worker)) {
    report(event.field, current, state.read_access);
  }
  state.write = {worker, now};
  state.write_access = current;
}

void RaceDetector::report(int field, const RaceAccess& current, const RaceAccess& previous) {
  // Identical pairs are counted, not listed again: look them up by a hash of the pair.
  std::uint64_t key = static_cast<std::uint64_t>(field);
  for (std::uint64_t part :
       {static_cast<std::uint64_t>(current.worker), static_cast<std::uint64_t>(current.step),
        static_cast<std::uint64_t>(current.write), static_cast<std::uint64_t>(previous.worker),
        static_cast<std::uint64_t>(previous.step), static_cast<std::uint64_t>(previous.write)}) {
    key = (key ^ part) * 1099511628211ull;
  }
  auto& candidates = seen_[key];
  for (int index : candidates) {
    if (same_pair(reports_[index], field, current, previous)) {
      ++reports_[index].count;
      return;
    }
  }
  candidates.push_back(static_cast<int>(reports_.size()));
  reports_.push_back({field, current, previous, 1});
}

std::vector<RaceReport> find_races(const Trace& trace, int workers,
                                   const std::vector<LockKind>& lock_kinds) {
  if (workers > RaceDetector::kMaxWorkers) return {};
  RaceDetector detector(workers, lock_kinds);
  for (const auto& event : trace)
    detector.observe(event);
  return detector.reports();
}

}  // namespace racelab
