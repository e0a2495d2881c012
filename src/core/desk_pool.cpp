#include "core/desk_pool.hpp"

#include <cassert>

namespace racelab {

DeskPool::DeskPool(int desks) : desk_count_(desks), desks_(std::make_unique<Desk[]>(desks)) {
  assert(desks > 0 && "a pool needs at least one desk");
  for (int desk = 0; desk < desk_count_; ++desk) {
    desks_[desk].thread = std::thread([this, desk] { desk_loop(desk); });
  }
}

DeskPool::~DeskPool() {
  wait_idle();
  closing_.store(true, std::memory_order_relaxed);
  for (int desk = 0; desk < desk_count_; ++desk) {
    // Release: the desk that sees the new ticket also sees closing_.
    desks_[desk].ticket.fetch_add(1, std::memory_order_release);
    desks_[desk].ticket.notify_one();
  }
  for (int desk = 0; desk < desk_count_; ++desk)
    desks_[desk].thread.join();
}

void DeskPool::dispatch(int count, std::function<void(int desk)> job) {
  assert(idle() && "dispatch while desks are still busy");
  assert(count >= 0 && count <= desk_count_ && "more jobs than desks");
  job_ = std::move(job);
  busy_.store(count, std::memory_order_relaxed);
  for (int desk = 0; desk < count; ++desk) {
    // Release: publishes job_ (and busy_) to the desk that acquires this ticket.
    desks_[desk].ticket.fetch_add(1, std::memory_order_release);
    desks_[desk].ticket.notify_one();
  }
}

bool DeskPool::idle() const {
  // Acquire: pairs with the desks' release, so that whatever a job wrote is visible after idle().
  return busy_.load(std::memory_order_acquire) == 0;
}

void DeskPool::wait_idle() const {
  for (int busy = busy_.load(std::memory_order_acquire); busy != 0;
       busy = busy_.load(std::memory_order_acquire)) {
    busy_.wait(busy, std::memory_order_acquire);
  }
}

void DeskPool::desk_loop(int desk) {
  auto& ticket = desks_[desk].ticket;
  std::uint32_t seen = 0;
  for (;;) {
    ticket.wait(seen, std::memory_order_acquire);
    seen = ticket.load(std::memory_order_acquire);
    if (closing_.load(std::memory_order_relaxed)) return;

    job_(desk);

    // Release: the controlling thread that sees the count drop sees the job's writes.
    if (busy_.fetch_sub(1, std::memory_order_release) == 1) busy_.notify_all();
  }
}

}  // namespace racelab
