#include "core/threads_run.hpp"

#include <algorithm>
#include <cassert>

namespace racelab {

ThreadsRun::ThreadsRun(const RunConfig& config, std::unique_ptr<ScenarioRun> scenario,
                       DeskPool& pool)
    : Run(config, std::move(scenario)),
      pool_(pool),
      seated_(std::make_unique<std::atomic<int>[]>(config.desks)),
      unfinished_(total_workers_),
      steps_(total_workers_, 0),
      parked_at_ns_(total_workers_, 0),
      started_(total_workers_, 0),
      spinning_(total_workers_, 0),
      logs_(std::make_unique<EventLog[]>(static_cast<std::size_t>(config.desks))) {
  assert(config.desks <= pool.size() && "more desks than the pool has threads");
  for (const auto& spec : lock_specs_) {
    locks_.push_back(std::make_unique<GuardedLock>(spec.kind, spec.permits));
  }
  for (int capacity : channel_capacities_) {
    channels_.push_back(std::make_unique<GuardedChannel>(capacity));
  }
  for (int desk = 0; desk < config.desks; ++desk) {
    seated_[desk].store(-1, std::memory_order_relaxed);
    live_cursors_.emplace_back(logs_[desk]);
  }
  for (int worker = 0; worker < total_workers_; ++worker)
    ready_.push_back(worker);
  epoch_ = Clock::now();
  pool_.dispatch(config.desks, [this](int desk) { desk_loop(desk); });
}

ThreadsRun::~ThreadsRun() {
  request_stop();
  wait();
}

void ThreadsRun::request_stop() {
  mark_stop();
  std::lock_guard lock(queue_guard_);
  queue_changed_.notify_all();
}

std::int64_t ThreadsRun::now_ns() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - epoch_).count();
}

std::int64_t ThreadsRun::causal_now_ns() {
  // Desks' clocks need not agree (in the browser each Web Worker's clock is aligned to the page's
  // only roughly), so a time read after another in happens-before order could come out smaller.
  // One atomic's read-modify-writes are totally ordered consistently with happens-before:
  // handing out strictly increasing values through it keeps the times in causal order.
  const auto now = now_ns();
  auto latest = latest_now_ns_.load(std::memory_order_relaxed);
  for (;;) {
    const auto next = std::max(now, latest + 1);
    if (latest_now_ns_.compare_exchange_weak(latest, next, std::memory_order_relaxed)) return next;
  }
}

double ThreadsRun::elapsed_ms() const {
  const auto at = finished_at_ns_.load(std::memory_order_relaxed);
  return static_cast<double>(at >= 0 ? at : now_ns()) / 1e6;
}

void ThreadsRun::record(int desk, int worker, EventKind kind, ResourceId resource,
                        std::int32_t field, std::int64_t value) {
  // Relaxed: one atomic's modification order already agrees with happens-before, which is all
  // the trace's order needs (a lock's release before the acquire it allows, and so on).
  const auto sequence = sequence_.fetch_add(1, std::memory_order_relaxed);
  if (sequence == kMaxEvents) stop_for_size();
  logs_[desk].append(sequence,
                     {now_ns(), worker, desk, kind, resource, steps_[worker], field, value});
}

void ThreadsRun::enqueue(int worker) {
  set_activity(worker, Activity::Ready);
  std::lock_guard lock(queue_guard_);
  ready_.push_back(worker);
  queue_changed_.notify_one();
}

void ThreadsRun::desk_loop(int desk) {
  std::unique_lock lock(queue_guard_);
  bool found_stall = false;
  for (;;) {
    if (stop_requested() || unfinished_ == 0 || stalled_) break;

    const auto now = Clock::now();
    while (!sleepers_.empty() && sleepers_.top().wake <= now) {
      ready_.push_back(sleepers_.top().worker);
      sleepers_.pop();
    }
    if (!ready_.empty()) {
      const int worker = ready_.front();
      ready_.pop_front();
      ++running_;
      lock.unlock();
      run_worker(worker, desk);
      lock.lock();
      --running_;
      continue;
    }
    if (sleepers_.empty()) {
      // Only a running worker can make another ready: with none running, nobody ever will.
      if (running_ == 0) {
        stalled_ = found_stall = true;
        break;
      }
      queue_changed_.wait(lock);
    } else {
      // A copy: the heap may grow (and move) while the wait has the guard released.
      const auto next_wake = sleepers_.top().wake;
      queue_changed_.wait_until(lock, next_wake);
    }
  }
  // Wake the other desks so that they see the end too.
  queue_changed_.notify_all();
  lock.unlock();
  if (found_stall) {
    // Nobody runs, so nobody touches the locks: holding their guards (never two of them at once
    // anywhere else) reads a still picture of who waits for whom.
    std::vector<std::unique_lock<std::mutex>> guards;
    std::vector<const LockState*> states;
    for (const auto& guarded : locks_) {
      guards.emplace_back(guarded->guard);
      states.push_back(&guarded->state);
    }
    note_stall(states);
  }

  auto at = now_ns();
  auto seen = finished_at_ns_.load(std::memory_order_relaxed);
  // Relaxed max: read by the controlling thread after the pool's idle() acquire.
  while (seen < at && !finished_at_ns_.compare_exchange_weak(seen, at, std::memory_order_relaxed)) {
  }
}

bool ThreadsRun::resume(int worker, int desk) {
  auto& task = tasks_[worker];
  for (;;) {
    Op& op = task.resume();
    if (task.done()) {
      if (steps_[worker] > 0) record(desk, worker, EventKind::StepEnd);
      record(desk, worker, EventKind::Done);
      set_activity(worker, Activity::Done);
      count_done(worker);
      std::lock_guard lock(queue_guard_);
      if (--unfinished_ == 0) queue_changed_.notify_all();
      return false;
    }
    if (op.kind == OpKind::Step) {
      if (steps_[worker] > 0) record(desk, worker, EventKind::StepEnd);
      steps_[worker] = op.step;
      record(desk, worker, EventKind::StepBegin);
    } else if (op.kind == OpKind::Now) {
      op.result = causal_now_ns();
    } else {
      return true;
    }
  }
}

void ThreadsRun::run_worker(int worker, int desk) {
  seated_[desk].store(worker, std::memory_order_relaxed);
  set_activity(worker, Activity::Running);
  auto& tally = tallies_[worker];
  const auto seated_at = now_ns();
  auto& task = tasks_[worker];
  // Called before the worker is handed on (to a queue, a timer or a lock), after which another
  // desk may run it at once: nothing of the worker's is touched here after that.
  bool left = false;
  auto leave_desk = [&] {
    tally.running_ns += now_ns() - seated_at;
    seated_[desk].store(-1, std::memory_order_relaxed);
    left = true;
  };

  // A worker fresh from the queue may have been granted a lock while parked: its new desk
  // records the grant. (A channel's waker records for the woken worker.)
  const Op& got = task.pending();
  if (parked_at_ns_[worker] < 0) {
    parked_at_ns_[worker] = 0;
    record(desk, worker, EventKind::Wake, ResourceId::Lock, got.target);
    record(desk, worker, EventKind::LockAcquired, ResourceId::Lock, got.target,
           lock_event_value(got, got.result));
    if (!resume(worker, desk)) return leave_desk();
  } else if (started_[worker] && (got.kind == OpKind::Send || got.kind == OpKind::Receive)) {
    if (!resume(worker, desk)) return leave_desk();  // a channel let it go on
  } else if (!started_[worker]) {
    started_[worker] = 1;
    if (!resume(worker, desk)) return leave_desk();  // first turn: up to its first request
  } else if (task.pending().kind == OpKind::Think) {
    record(desk, worker, EventKind::ThinkEnd);
    if (!resume(worker, desk)) return leave_desk();
  }

  bool parked = false;
  while (!parked) {
    if (stop_requested()) break;
    Op& op = task.pending();
    switch (op.kind) {
      case OpKind::Read:
        op.result = memory_.load(op.target);
        record(desk, worker, EventKind::Read, ResourceId::Memory, op.target, op.result);
        ++tally.operations;
        break;
      case OpKind::Write:
        memory_.store(op.target, op.value);
        record(desk, worker, EventKind::Write, ResourceId::Memory, op.target, op.value);
        ++tally.operations;
        break;
      case OpKind::AtomicLoad:
        op.result = memory_.load(op.target);
        record(desk, worker, EventKind::AtomicLoad, ResourceId::Memory, op.target, op.result);
        ++tally.operations;
        break;
      case OpKind::AtomicStore:
        memory_.store(op.target, op.value);
        record(desk, worker, EventKind::AtomicStore, ResourceId::Memory, op.target, op.value);
        ++tally.operations;
        break;
      case OpKind::CompareExchange:
        op.result = memory_.compare_exchange(op.target, op.expected, op.value) ? 1 : 0;
        record(desk, worker, EventKind::AtomicUpdate, ResourceId::Memory, op.target, op.result);
        ++tally.operations;
        break;
      case OpKind::Acquire: {
        // A spinner's every try is not an event of its own: that would fill memory.
        if (!spinning_[worker]) {
          record(desk, worker, EventKind::LockRequested, ResourceId::Lock, op.target);
        }
        auto& lock = *locks_[op.target];
        const auto asked = now_ns();
        std::unique_lock guard(lock.guard);
        std::int64_t permit = 0;
        if (lock.state.acquire(worker, op.side, permit)) {
          spinning_[worker] = 0;
          set_holding(worker, op.side);
          // Recorded under the guard, so that it comes after the release that let it in.
          record(desk, worker, EventKind::LockAcquired, ResourceId::Lock, op.target,
                 lock_event_value(op, permit));
          guard.unlock();
          op.result = permit;
          tally.lock_waits_ns.push_back(now_ns() - asked);
          break;
        }
        if (lock.state.kind() == LockKind::Spinlock) {
          guard.unlock();
          if (!spinning_[worker]) ++tally.contended;
          spinning_[worker] = 1;
          ++tally.operations;
          // Back of the line, still runnable: the desk stays busy with tries, as spinning does.
          leave_desk();
          enqueue(worker);
          parked = true;
          continue;
        }
        // Parked in the lock's queue; the releasing desk will enqueue it.
        parked_at_ns_[worker] = asked;
        waits_on_[worker] = op.target;
        ++tally.contended;
        set_queueing(worker, op.side == LockSide::Shared ? Waiting::LockToRead : Waiting::Lock);
        record(desk, worker, EventKind::Block, ResourceId::Lock, op.target);
        leave_desk();
        guard.unlock();
        parked = true;
        continue;
      }
      case OpKind::Release: {
        std::vector<LockGrant> granted;
        {
          auto& lock = *locks_[op.target];
          std::lock_guard guard(lock.guard);
          set_released(worker);
          lock.state.release(worker, op.side, op.value, granted);
          record(desk, worker, EventKind::LockReleased, ResourceId::Lock, op.target,
                 lock_event_value(op, op.value));
          const auto released_at = now_ns();
          for (const auto& grant : granted) {
            auto& waiter = tasks_[grant.worker].pending();
            waiter.result = grant.permit;
            set_holding(grant.worker, waiter.side);
            auto& waiter_tally = tallies_[grant.worker];
            const auto waited = released_at - parked_at_ns_[grant.worker];
            waiter_tally.lock_waits_ns.push_back(waited);
            waiter_tally.waiting_ns += waited;
            parked_at_ns_[grant.worker] = -1;  // tells its next desk to record the grant
            enqueue(grant.worker);
          }
        }
        break;
      }
      case OpKind::Think: {
        const auto ms = op.value;
        record(desk, worker, EventKind::ThinkBegin, ResourceId::None, 0, ms);
        set_activity(worker, Activity::Thinking);
        tally.thinking_ns += ms * 1'000'000;
        const auto wake = Clock::now() + std::chrono::milliseconds(ms);
        leave_desk();
        std::lock_guard lock(queue_guard_);
        sleepers_.push({wake, worker});
        queue_changed_.notify_one();
        parked = true;
        continue;
      }
      case OpKind::Send:
      case OpKind::Receive: {
        const bool sending = op.kind == OpKind::Send;
        auto& channel = *channels_[op.target];
        std::vector<ChannelWake> woken;
        std::unique_lock guard(channel.guard);
        std::int64_t value = 0;
        const bool done = sending ? channel.state.send(worker, op.value, woken)
                                  : channel.state.receive(worker, value, woken);
        const auto now = now_ns();
        // Everything recorded under the guard, this worker's operation first and then what it
        // let the woken ones do, so that every receive comes after the send of its value.
        if (done) {
          if (!sending) op.result = value;
          record(desk, worker, sending ? EventKind::Send : EventKind::Receive, ResourceId::Channel,
                 op.target, sending ? op.value : value);
        }
        for (const auto& [waiter, received] : woken) {
          auto& pending = tasks_[waiter].pending();
          const bool waiter_received = pending.kind == OpKind::Receive;
          if (waiter_received) pending.result = received;
          record(desk, waiter, EventKind::Wake, ResourceId::Channel, op.target);
          record(desk, waiter, waiter_received ? EventKind::Receive : EventKind::Send,
                 ResourceId::Channel, op.target, waiter_received ? received : pending.value);
          tallies_[waiter].waiting_ns += now - parked_at_ns_[waiter];
          parked_at_ns_[waiter] = 0;  // nothing left to record: it simply goes on
          enqueue(waiter);
        }
        if (done) {
          guard.unlock();
          break;
        }
        parked_at_ns_[worker] = now;
        set_queueing(worker, Waiting::Channel);
        record(desk, worker, EventKind::Block, ResourceId::Channel, op.target);
        leave_desk();
        guard.unlock();
        parked = true;
        continue;
      }
      default:
        assert(false && "a request that is not a scheduling point reached the desk");
        parked = true;
        continue;
    }
    if (!resume(worker, desk)) break;
  }
  if (!left) leave_desk();
}

Trace ThreadsRun::trace() const {
  assert(finished() && "the trace is complete only once every desk is done");
  // In the order the events happened, by their sequence numbers.
  std::vector<EventLog::Cursor> cursors;
  std::size_t total = 0;
  for (int desk = 0; desk < config_.desks; ++desk) {
    cursors.emplace_back(logs_[desk]);
    total += logs_[desk].published();
  }
  Trace trace;
  trace.reserve(total);
  std::uint64_t next = 0;
  merge_by_sequence(cursors, next, true, total, trace);
  return trace;
}

const Trace* ThreadsRun::live_trace() const {
  merge_by_sequence(live_cursors_, live_next_, false, kMostLiveEvents, live_);
  return &live_;
}

}  // namespace racelab
