#pragma once

#include <cstdint>
#include <exception>
#include <utility>

#include "core/coroutine.hpp"

namespace racelab {

// A worker's program is a coroutine. Every shared-memory or lock operation is a request it hands
// to the engine with co_await and suspends on; the engine carries it out (on real atomics, or under
// a seeded scheduler) and resumes the program with the result. That one seam is what lets the same
// program run as a lightweight task on desk threads, or deterministically on one thread.

enum class OpKind : std::uint8_t {
  Step,             // marks the start of a program step (no scheduling point)
  Now,              // asks the time in ns since the run began (no scheduling point)
  Read,             // result: the value of field `target`
  Write,            // stores `value` into field `target`
  CompareExchange,  // if field `target` == `expected`, stores `value`; result: 1 if it did
  AtomicLoad,       // as Read, but an atomic load that synchronises (acquire)
  AtomicStore,      // as Write, but an atomic store that synchronises (release)
  Acquire,          // takes lock `target` on `side`; result: the permit (semaphores), else 0
  Release,          // hands lock `target` back (the permit in `value`, for semaphores)
  Think,            // sleeps `value` ms, outside any shared resource
  Send,             // puts `value` into channel `target` (waits while it is full)
  Receive,          // takes the next value from channel `target` (waits while it is empty)
  Done,             // the program has returned
};

// Exclusive (a writer, or any mutex holder) or shared (a reader of an RWMutex).
enum class LockSide : std::uint8_t { Exclusive, Shared };

struct Op {
  OpKind kind = OpKind::Done;
  LockSide side = LockSide::Exclusive;
  std::int16_t step = 0;
  std::int32_t target = 0;
  std::int64_t value = 0;
  std::int64_t expected = 0;
  std::int64_t result = 0;
};

// The coroutine type of worker programs. Owns its frame; move-only.
class WorkerTask {
 public:
  struct promise_type {
    Op op;

    WorkerTask get_return_object() {
      return WorkerTask(coro::coroutine_handle<promise_type>::from_promise(*this));
    }
    coro::suspend_always initial_suspend() noexcept { return {}; }
    coro::suspend_always final_suspend() noexcept { return {}; }
    void return_void() { op = Op{}; }
    void unhandled_exception() { std::terminate(); }
  };

  WorkerTask() = default;
  explicit WorkerTask(coro::coroutine_handle<promise_type> handle) : handle_(handle) {}
  WorkerTask(WorkerTask&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  WorkerTask& operator=(WorkerTask&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  ~WorkerTask() {
    if (handle_) handle_.destroy();
  }

  // Runs the program up to its next request (or its end) and returns that request.
  Op& resume() {
    handle_.resume();
    return handle_.promise().op;
  }
  Op& pending() { return handle_.promise().op; }
  const Op& pending() const { return handle_.promise().op; }
  bool done() const { return handle_.done(); }

 private:
  coro::coroutine_handle<promise_type> handle_;
};

// What a program awaits: hands its Op to the engine, returns the Op's result.
class OpAwaiter {
 public:
  explicit OpAwaiter(const Op& op) : op_(op) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(coro::coroutine_handle<WorkerTask::promise_type> handle) noexcept {
    promise_ = &handle.promise();
    promise_->op = op_;
  }
  std::int64_t await_resume() const noexcept { return promise_->op.result; }

 private:
  Op op_;
  WorkerTask::promise_type* promise_ = nullptr;
};

// What a lock event's `value` says: 1 for the shared (read) side, else the semaphore permit.
inline std::int64_t lock_event_value(const Op& op, std::int64_t permit) {
  return op.side == LockSide::Shared ? 1 : permit;
}

// The handle a program is given: its own index, and the requests it can make.
struct Worker {
  int index = 0;

  OpAwaiter step(int step) const { return make(OpKind::Step, 0, step); }
  OpAwaiter now() const { return make(OpKind::Now, 0, 0); }
  OpAwaiter read(int field) const { return make(OpKind::Read, field, 0); }
  OpAwaiter write(int field, std::int64_t value) const { return make(OpKind::Write, field, value); }
  OpAwaiter compare_exchange(int field, std::int64_t expected, std::int64_t desired) const {
    Op op{OpKind::CompareExchange};
    op.target = field;
    op.expected = expected;
    op.value = desired;
    return OpAwaiter(op);
  }
  OpAwaiter acquire(int lock, LockSide side = LockSide::Exclusive) const {
    Op op{OpKind::Acquire, side};
    op.target = lock;
    return OpAwaiter(op);
  }
  OpAwaiter release(int lock, LockSide side = LockSide::Exclusive, std::int64_t permit = 0) const {
    Op op{OpKind::Release, side};
    op.target = lock;
    op.value = permit;
    return OpAwaiter(op);
  }
  OpAwaiter load(int field) const { return make(OpKind::AtomicLoad, field, 0); }
  OpAwaiter store(int field, std::int64_t value) const {
    return make(OpKind::AtomicStore, field, value);
  }
  OpAwaiter think(std::int64_t ms) const { return make(OpKind::Think, 0, ms); }
  OpAwaiter send(int channel, std::int64_t value) const {
    return make(OpKind::Send, channel, value);
  }
  OpAwaiter receive(int channel) const { return make(OpKind::Receive, channel, 0); }

 private:
  static OpAwaiter make(OpKind kind, int target, std::int64_t value) {
    Op op{kind};
    op.target = target;
    op.value = value;
    if (kind == OpKind::Step) op.step = static_cast<std::int16_t>(value);
    return OpAwaiter(op);
  }
};

}  // namespace racelab
