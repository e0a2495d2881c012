#include "core/step_session.hpp"

#include <algorithm>
#include <cassert>

#include "core/names.hpp"

namespace racelab {

namespace {

// Where nobody has chosen, whoever went last goes on; otherwise the lowest number.
int fewest_switches(const std::vector<int>& ready, int last) {
  return std::binary_search(ready.begin(), ready.end(), last) ? last : ready.front();
}

constexpr std::uint32_t kMemoryOps = op_bit(OpKind::Read) | op_bit(OpKind::Write) |
                                     op_bit(OpKind::AtomicLoad) | op_bit(OpKind::AtomicStore) |
                                     op_bit(OpKind::CompareExchange);

bool line_makes(const CodeLine& line, const Op& op, bool by_step) {
  if ((line.ops & op_bit(op.kind)) == 0) return false;
  if (line.field >= 0 && (kMemoryOps & op_bit(op.kind)) != 0 && op.target != line.field) {
    return false;
  }
  return !by_step || line.step == CodeLine::kAnyStep || line.step == op.step;
}

}  // namespace

StepSession::StepSession(const RunConfig& config) : config_(config) {
  config_.engine = EngineKind::Step;
  config_.think_ms = 0;
  config_.schedule.clear();
  assert(config_.workers <= RunConfig::kMaxStepWorkers && "the step engine takes few workers");
  rebuild(0);
}

void StepSession::rebuild(std::size_t keep) {
  const auto* spec = find_scenario(config_.scenario);
  assert(spec && "a validated config");
  run_ = std::make_unique<DeterministicRun>(config_, spec->make(config_));
  ++generation_;
  const int everyone = run_->total_workers();
  code_.assign(everyone, {});
  generated_.assign(everyone, false);
  for (int worker = 0; worker < everyone; ++worker) {
    code_[worker] = run_->scenario().code(worker);
    generated_[worker] = code_[worker].empty();
  }
  line_.assign(everyone, -1);
  reached_.assign(everyone, 0);
  parts_.assign(everyone, {});
  last_.assign(everyone, {});
  auto replayed = std::move(taken_);
  taken_.clear();
  refresh();
  for (std::size_t i = 0; i < keep && i < replayed.size(); ++i) {
    const bool went = take(replayed[i].worker);
    assert(went && "a replay takes the same requests");
    (void)went;
  }
}

std::string StepSession::worker_name_of(int worker) const {
  return worker < config_.workers ? worker_name(worker) : "The owner";
}

std::string StepSession::describe(const Op& op) const {
  const auto& scenario = run_->scenario();
  const auto field = [&] { return scenario.field_label(op.target); };
  const auto value = std::to_string(op.value);
  switch (op.kind) {
    case OpKind::Read: return "read " + field();
    case OpKind::Write: return "write " + value + " to " + field();
    case OpKind::AtomicLoad: return "load " + field() + " atomically";
    case OpKind::AtomicStore: return "store " + value + " to " + field() + " atomically";
    case OpKind::CompareExchange:
      return "compare-and-swap " + field() + ": if " + std::to_string(op.expected) + ", make it " +
             value;
    case OpKind::Acquire: {
      const auto kinds = run_->lock_kinds();
      const auto kind =
          op.target < static_cast<int>(kinds.size()) ? kinds[op.target] : LockKind::Mutex;
      const auto lock = scenario.lock_label(op.target);
      if (kind == LockKind::Semaphore) return "take a key of " + lock;
      if (kind == LockKind::RWMutex) {
        return "lock " + lock + (op.side == LockSide::Shared ? " to read" : " to write");
      }
      return "lock " + lock;
    }
    case OpKind::Release: return "unlock " + scenario.lock_label(op.target);
    case OpKind::Think: return "think";
    case OpKind::Send:
      return op.target == 0 ? "send " + value + " to the owner's inbox"
                            : "send the answer to " + worker_name_of(op.target - 1);
    case OpKind::Receive:
      return op.target == 0 ? "take the next request from the inbox" : "wait for the answer";
    default: return "go on";
  }
}

int StepSession::find_line(int worker, int from) const {
  const Op* op = run_->pending(worker);
  const auto& code = code_[worker];
  if (!op || code.empty()) return -1;
  const int lines = static_cast<int>(code.size());
  // Two passes: the line of the request's own step, then, in code a scenario wrote, any
  // line that makes the request (a release after the last step, say).
  for (const bool by_step : {true, false}) {
    if (!by_step && generated_[worker]) break;
    for (int i = 0; i < lines; ++i) {
      const int line = (std::max(from, 0) + i) % lines;
      if (line_makes(code[line], *op, by_step)) return line;
    }
  }
  return -1;
}

void StepSession::refresh() {
  ready_ = run_->ready();
  for (int worker = 0; worker < run_->total_workers(); ++worker) {
    const auto reached = run_->requests_reached(worker);
    if (reached == reached_[worker]) continue;
    reached_[worker] = reached;
    const Op* op = run_->pending(worker);
    const int at = line_[worker];
    int line = -1;
    if (op && at >= 0 && code_[worker][at].repeated && line_makes(code_[worker][at], *op, true)) {
      line = at;
    } else if (op) {
      line = find_line(worker, at + 1);
      if (line < 0 && generated_[worker]) {
        // No code from the scenario: a line per program step, in the scenario's words.
        code_[worker].push_back(
            {op->step, ~0u, "// " + run_->scenario().step_label(worker, op->step), true});
        line = static_cast<int>(code_[worker].size()) - 1;
      }
    }
    if (line != at) parts_[worker].clear();
    line_[worker] = line;
  }
}

bool StepSession::take(int worker) {
  const Op* op = run_->pending(worker);
  if (!op) return false;
  auto words = describe(*op);
  const bool choice = ready_.size() > 1;
  const auto before = run_->live_trace()->size();
  if (!run_->step_worker(worker)) return false;
  taken_.push_back({worker, choice});
  // What came of it, from the trace: a value read, a swap that did or did not happen, a wait.
  const auto& trace = *run_->live_trace();
  for (auto i = before; i < trace.size(); ++i) {
    const auto& event = trace[i];
    if (event.worker != worker) continue;
    switch (event.kind) {
      case EventKind::Read:
      case EventKind::AtomicLoad:
      case EventKind::Receive: words += ": " + std::to_string(event.value); break;
      case EventKind::AtomicUpdate: words += event.value ? ": done" : ": it had changed"; break;
      case EventKind::Block: words += ": must wait"; break;
      default: break;
    }
  }
  parts_[worker].push_back(words);
  last_[worker] = words;
  refresh();
  return true;
}

StepSession::WorkerView StepSession::view(int worker) const {
  WorkerView view;
  view.name = worker_name_of(worker);
  view.done = run_->pending(worker) == nullptr;
  view.can_go = std::binary_search(ready_.begin(), ready_.end(), worker);
  view.line = line_[worker];
  view.parts = parts_[worker];
  view.last = last_[worker];
  if (const Op* op = run_->pending(worker)) view.next = describe(*op);
  if (view.done) {
    view.status = "done";
  } else if (view.can_go) {
    view.status = "ready";
  } else if (run_->activity(worker) == Activity::Queueing) {
    const Op* op = run_->pending(worker);
    view.status = op && op->kind == OpKind::Acquire
                      ? "waits for " + run_->scenario().lock_label(op->target)
                      : "waits on the channel";
  } else {
    view.status = "stuck";
  }
  return view;
}

std::string StepSession::go(int worker, bool whole_line) {
  if (worker < 0 || worker >= run_->total_workers()) {
    return "there is no worker " + std::to_string(worker) + " in this run";
  }
  if (run_->finished()) return "the run is over: press Undo or Restart";
  const auto view = this->view(worker);
  if (!view.can_go) return view.name + " cannot go now: " + view.status;
  const auto before = taken_.size();
  const int line = line_[worker];
  take(worker);
  // The rest of the line, as though it were one atomic step: while the worker can go on and
  // its next request is still on the line it was on.
  while (whole_line && line >= 0 && line_[worker] == line && !run_->finished() &&
         std::binary_search(ready_.begin(), ready_.end(), worker)) {
    take(worker);
  }
  moves_.push_back(taken_.size() - before);
  // A move of the visitor's own leaves the plan when it parts from it.
  for (auto i = before; i < taken_.size(); ++i) {
    if (plan_.empty() || plan_.front() != taken_[i].worker) {
      plan_.clear();
      break;
    }
    plan_.erase(plan_.begin());
  }
  return "";
}

bool StepSession::next() {
  if (run_->finished() || ready_.empty()) return false;
  const int last = taken_.empty() ? -1 : taken_.back().worker;
  int worker = fewest_switches(ready_, last);
  if (!plan_.empty() && std::binary_search(ready_.begin(), ready_.end(), plan_.front())) {
    worker = plan_.front();
    plan_.erase(plan_.begin());
  } else {
    plan_.clear();  // a plan for another state than this one
  }
  take(worker);
  moves_.push_back(1);
  return true;
}

bool StepSession::undo() {
  if (moves_.empty()) return false;
  const auto count = moves_.back();
  moves_.pop_back();
  const auto keep = taken_.size() - count;
  std::vector<int> undone;
  for (auto i = keep; i < taken_.size(); ++i)
    undone.push_back(taken_[i].worker);
  plan_.insert(plan_.begin(), undone.begin(), undone.end());
  rebuild(keep);
  return true;
}

void StepSession::restart() {
  std::vector<int> all;
  for (const auto& taken : taken_)
    all.push_back(taken.worker);
  plan_.insert(plan_.begin(), all.begin(), all.end());
  moves_.clear();
  taken_.clear();
  rebuild(0);
}

std::string StepSession::replay(const SchedulePosition& position) {
  return follow(position, true);
}

std::string StepSession::follow(const SchedulePosition& position, bool exactly) {
  plan_.clear();
  moves_.clear();
  taken_.clear();
  rebuild(0);
  std::size_t next_choice = 0;
  int after = position.after;
  const auto& choices = position.choices;
  while (!run_->finished() && !ready_.empty()) {
    const bool choosing = ready_.size() > 1;
    int worker = ready_.front();
    if (next_choice < choices.size()) {
      if (choosing) {
        worker = choices[next_choice];
        if (!std::binary_search(ready_.begin(), ready_.end(), worker)) {
          return "the schedule picks worker " + std::to_string(worker) + " at choice " +
                 std::to_string(next_choice + 1) +
                 ", who cannot go there: it was made for other settings";
        }
        ++next_choice;
      }
    } else if (after > 0) {
      if (choosing && exactly) {
        return "the schedule's +" + std::to_string(position.after) +
               " ending meets a point where more than one worker could go: it was made for "
               "other settings";
      }
      --after;
      if (choosing) worker = fewest_switches(ready_, taken_.empty() ? -1 : taken_.back().worker);
    } else {
      break;
    }
    take(worker);
    moves_.push_back(1);
  }
  if (next_choice < choices.size()) {
    return "the schedule has " +
           counted(static_cast<std::int64_t>(choices.size()), "choice", "choices") +
           ", but this run makes " + std::to_string(next_choice) +
           ": it was made for other settings";
  }
  if (exactly && after > 0) {
    return "the schedule goes on " + std::to_string(position.after) +
           " requests after its last choice, but the run ends " +
           std::to_string(position.after - after) + " after it";
  }
  return "";
}

void StepSession::plan_schedule(const std::vector<int>& choices) {
  // The whole schedule's requests, from a run that follows it to the end.
  StepSession whole(config_);
  whole.follow({choices, SchedulePosition::kMostAfter}, false);
  plan_.clear();
  for (const auto& taken : whole.taken_)
    plan_.push_back(taken.worker);
  moves_.clear();
  taken_.clear();
  rebuild(0);
}

SchedulePosition StepSession::position() const {
  SchedulePosition position;
  for (const auto& taken : taken_) {
    if (taken.choice) {
      position.choices.push_back(taken.worker);
      position.after = 0;
    } else {
      ++position.after;
    }
  }
  return position;
}

}  // namespace racelab
