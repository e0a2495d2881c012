#include "core/deterministic_run.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>

namespace racelab {

std::uint64_t SeededRandom::next() {
  state_ += 0x9e3779b97f4a7c15ull;
  std::uint64_t mixed = state_;
  mixed = (mixed ^ (mixed >> 30)) * 0xbf58476d1ce4e5b9ull;
  mixed = (mixed ^ (mixed >> 27)) * 0x94d049bb133111ebull;
  return mixed ^ (mixed >> 31);
}

std::uint32_t SeededRandom::below(std::uint32_t bound) {
  // Multiply-shift: unbiased enough for scheduling and identical everywhere.
  return static_cast<std::uint32_t>(((next() >> 32) * bound) >> 32);
}

DeterministicRun::DeterministicRun(const RunConfig& config, std::unique_ptr<ScenarioRun> scenario)
    : Run(config, std::move(scenario)),
      random_(config.seed),
      blocked_since_(total_workers_, 0),
      spinning_(total_workers_, 0),
      steps_(total_workers_, 0),
      requests_reached_(total_workers_, 0) {
  for (const auto& spec : lock_specs_)
    locks_.emplace_back(spec.kind, spec.permits);
  for (int capacity : channel_capacities_)
    channels_.emplace_back(capacity);
  spinners_.resize(locks_.size());
  runnable_.reserve(total_workers_);
  for (int worker = 0; worker < total_workers_; ++worker) {
    resume(worker);
    if (tasks_[worker].done()) continue;
    make_runnable(worker);
  }
  if (runnable_.empty()) finish();
}

void DeterministicRun::record(int worker, EventKind kind, ResourceId resource, std::int32_t field,
                              std::int64_t value) {
  trace_.push_back({clock_ns_, worker, 0, kind, resource, steps_[worker], field, value});
  if (trace_.size() == kMaxEvents) stop_for_size();
}

void DeterministicRun::make_runnable(int worker) {
  runnable_.push_back(worker);
  set_activity(worker, Activity::Ready);
}

void DeterministicRun::resume(int worker) {
  auto& task = tasks_[worker];
  ++requests_reached_[worker];
  for (;;) {
    Op& op = task.resume();
    if (task.done()) {
      if (steps_[worker] > 0) record(worker, EventKind::StepEnd);
      record(worker, EventKind::Done);
      set_activity(worker, Activity::Done);
      count_done(worker);
      return;
    }
    if (op.kind == OpKind::Step) {
      if (steps_[worker] > 0) record(worker, EventKind::StepEnd);
      steps_[worker] = op.step;
      record(worker, EventKind::StepBegin);
    } else if (op.kind == OpKind::Now) {
      op.result = clock_ns_;
    } else {
      return;
    }
  }
}

bool DeterministicRun::perform(int worker) {
  Op& op = tasks_[worker].pending();
  auto& tally = tallies_[worker];
  switch (op.kind) {
    case OpKind::Read:
      op.result = memory_.load(op.target);
      record(worker, EventKind::Read, ResourceId::Memory, op.target, op.result);
      ++tally.operations;
      break;
    case OpKind::Write:
      memory_.store(op.target, op.value);
      record(worker, EventKind::Write, ResourceId::Memory, op.target, op.value);
      ++tally.operations;
      break;
    case OpKind::AtomicLoad:
      op.result = memory_.load(op.target);
      record(worker, EventKind::AtomicLoad, ResourceId::Memory, op.target, op.result);
      ++tally.operations;
      break;
    case OpKind::AtomicStore:
      memory_.store(op.target, op.value);
      record(worker, EventKind::AtomicStore, ResourceId::Memory, op.target, op.value);
      ++tally.operations;
      break;
    case OpKind::CompareExchange:
      op.result = memory_.compare_exchange(op.target, op.expected, op.value) ? 1 : 0;
      record(worker, EventKind::AtomicUpdate, ResourceId::Memory, op.target, op.result);
      ++tally.operations;
      break;
    case OpKind::Acquire: {
      record(worker, EventKind::LockRequested, ResourceId::Lock, op.target);
      std::int64_t permit = 0;
      if (!locks_[op.target].acquire(worker, op.side, permit)) {
        if (locks_[op.target].kind() == LockKind::Spinlock) {
          // A wasted try at the door handle. The worker tries again after the next release
          // (a few spinners per release), so that thousands of spinners stay affordable.
          ++tally.operations;
          if (!spinning_[worker]) ++tally.contended;
          spinning_[worker] = 1;
          clock_ns_ += kOperationNs;
          spinners_[op.target].push_back(worker);
          set_queueing(worker, op.side == LockSide::Shared ? Waiting::LockToRead : Waiting::Lock);
          return false;
        }
        record(worker, EventKind::Block, ResourceId::Lock, op.target);
        ++tally.contended;
        blocked_since_[worker] = clock_ns_;
        waits_on_[worker] = op.target;
        set_queueing(worker, op.side == LockSide::Shared ? Waiting::LockToRead : Waiting::Lock);
        return false;
      }
      op.result = permit;
      set_holding(worker, op.side);
      spinning_[worker] = 0;
      tally.lock_waits_ns.push_back(0);
      record(worker, EventKind::LockAcquired, ResourceId::Lock, op.target,
             lock_event_value(op, permit));
      break;
    }
    case OpKind::Release: {
      std::vector<LockGrant> granted;
      set_released(worker);
      locks_[op.target].release(worker, op.side, op.value, granted);
      record(worker, EventKind::LockReleased, ResourceId::Lock, op.target,
             lock_event_value(op, op.value));
      if (!spinners_[op.target].empty()) {
        constexpr std::size_t kSpinnersPerRelease = 8;
        auto& spinning = spinners_[op.target];
        const auto retrying = std::min(spinning.size(), kSpinnersPerRelease);
        for (std::size_t i = 0; i < retrying; ++i)
          make_runnable(spinning[i]);
        spinning.erase(spinning.begin(), spinning.begin() + static_cast<std::ptrdiff_t>(retrying));
      }
      for (const auto& grant : granted) {
        tasks_[grant.worker].pending().result = grant.permit;
        set_holding(grant.worker, tasks_[grant.worker].pending().side);
        const auto waited = clock_ns_ - blocked_since_[grant.worker];
        tallies_[grant.worker].lock_waits_ns.push_back(waited);
        tallies_[grant.worker].waiting_ns += waited;
        record(grant.worker, EventKind::Wake, ResourceId::Lock, op.target);
        record(grant.worker, EventKind::LockAcquired, ResourceId::Lock, op.target,
               lock_event_value(tasks_[grant.worker].pending(), grant.permit));
        resume(grant.worker);
        if (!tasks_[grant.worker].done()) make_runnable(grant.worker);
      }
      break;
    }
    case OpKind::Think: {
      const auto ms = stop_requested() ? 0 : op.value;
      record(worker, EventKind::ThinkBegin, ResourceId::None, 0, ms);
      sleepers_.push({clock_ns_ + ms * 1'000'000, worker});
      tally.thinking_ns += ms * 1'000'000;
      set_activity(worker, Activity::Thinking);
      return false;
    }
    case OpKind::Send: {
      std::vector<ChannelWake> woken;
      const bool sent = channels_[op.target].send(worker, op.value, woken);
      if (sent) record(worker, EventKind::Send, ResourceId::Channel, op.target, op.value);
      wake(woken, op.target);
      if (!sent) {
        record(worker, EventKind::Block, ResourceId::Channel, op.target);
        blocked_since_[worker] = clock_ns_;
        set_queueing(worker, Waiting::Channel);
        return false;
      }
      break;
    }
    case OpKind::Receive: {
      std::vector<ChannelWake> woken;
      std::int64_t value = 0;
      const bool received = channels_[op.target].receive(worker, value, woken);
      if (received) {
        op.result = value;
        record(worker, EventKind::Receive, ResourceId::Channel, op.target, value);
      }
      wake(woken, op.target);
      if (!received) {
        record(worker, EventKind::Block, ResourceId::Channel, op.target);
        blocked_since_[worker] = clock_ns_;
        set_queueing(worker, Waiting::Channel);
        return false;
      }
      break;
    }
    default: assert(false && "perform() of a request that is not a scheduling point"); break;
  }
  clock_ns_ += kOperationNs;
  tally.running_ns += kOperationNs;
  resume(worker);
  return !tasks_[worker].done();
}

void DeterministicRun::wake(const std::vector<ChannelWake>& woken, int channel) {
  for (const auto& [waiter, value] : woken) {
    Op& pending = tasks_[waiter].pending();
    const auto waited = clock_ns_ - blocked_since_[waiter];
    tallies_[waiter].waiting_ns += waited;
    record(waiter, EventKind::Wake, ResourceId::Channel, channel);
    if (pending.kind == OpKind::Receive) {
      pending.result = value;
      record(waiter, EventKind::Receive, ResourceId::Channel, channel, value);
    } else {
      record(waiter, EventKind::Send, ResourceId::Channel, channel, pending.value);
    }
    resume(waiter);
    if (!tasks_[waiter].done()) make_runnable(waiter);
  }
}

bool DeterministicRun::settle() {
  if (finished_) return false;
  if (stop_requested()) {
    finish();
    return false;
  }
  if (runnable_.empty()) {
    if (sleepers_.empty()) {
      finish_stuck();
      return false;
    }
    // Nothing to do until the next wake-up: time jumps there.
    clock_ns_ = std::max(clock_ns_, sleepers_.top().wake_ns);
  }
  // Everyone due by now wakes, in wake order (spinners move the clock too).
  while (!sleepers_.empty() && sleepers_.top().wake_ns <= clock_ns_) {
    const int worker = sleepers_.top().worker;
    sleepers_.pop();
    record(worker, EventKind::ThinkEnd);
    resume(worker);
    if (!tasks_[worker].done()) make_runnable(worker);
  }
  if (runnable_.empty() && sleepers_.empty()) finish_stuck();
  return !runnable_.empty();
}

bool DeterministicRun::step() {
  if (!settle()) return !finished_;
  int worker = runnable_.front();
  if (chooser_) {
    if (runnable_.size() > 1) {
      sorted_ = runnable_;
      std::sort(sorted_.begin(), sorted_.end());
      worker = chooser_->choose(sorted_, last_picked_);
      if (worker < 0) {
        mark_stop();
        finish();
        return false;
      }
      choices_.push_back(worker);
    }
  } else {
    worker = runnable_[random_.below(static_cast<std::uint32_t>(runnable_.size()))];
  }
  take(worker);
  return true;
}

const std::vector<int>& DeterministicRun::ready() {
  while (!finished_ && !settle()) {
  }
  sorted_.clear();
  if (!finished_) {
    sorted_ = runnable_;
    std::sort(sorted_.begin(), sorted_.end());
  }
  return sorted_;
}

bool DeterministicRun::step_worker(int worker) {
  const auto& ready_now = ready();
  if (!std::binary_search(ready_now.begin(), ready_now.end(), worker)) return false;
  if (ready_now.size() > 1) choices_.push_back(worker);
  take(worker);
  return true;
}

const Op* DeterministicRun::pending(int worker) const {
  if (worker < 0 || worker >= total_workers_ || tasks_[worker].done()) return nullptr;
  return &tasks_[worker].pending();
}

void DeterministicRun::take(int worker) {
  ++steps_taken_;
  last_picked_ = worker;
  set_activity(worker, Activity::Running);
  if (!perform(worker)) {
    // Swap-remove keeps picking O(1); the order stays a function of the seed alone.
    const auto at = std::find(runnable_.begin(), runnable_.end(), worker);
    *at = runnable_.back();
    runnable_.pop_back();
  } else {
    set_activity(worker, Activity::Ready);
  }
}

void DeterministicRun::advance(double budget_ms, std::int64_t max_steps) {
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::microseconds(static_cast<std::int64_t>(budget_ms * 1000));
  while (!finished_ && max_steps > 0) {
    for (int i = 0; i < 256 && max_steps > 0 && step(); ++i)
      --max_steps;
    if (std::chrono::steady_clock::now() >= until) return;
  }
}

void DeterministicRun::wait() {
  while (step()) {
  }
}

void DeterministicRun::finish() {
  finished_ = true;
}

void DeterministicRun::finish_stuck() {
  // Nobody runs or thinks: whoever is left waits for a lock nobody will let go of.
  std::vector<const LockState*> locks;
  for (const auto& lock : locks_)
    locks.push_back(&lock);
  note_stall(locks);
  finish();
}

}  // namespace racelab
