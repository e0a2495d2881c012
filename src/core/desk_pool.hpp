#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>

namespace racelab {

// The desks: OS threads (in the browser, Web Workers from the pool made at start-up) that are
// created once and then handed work run after run. Creating threads per run would not work in the
// browser, where a new pthread starts only after the main thread returns to its event loop.
//
// dispatch() and the idle checks may be called from one controlling thread only (the UI thread
// or the CLI's main thread). Jobs run on the desk threads.
class DeskPool {
 public:
  explicit DeskPool(int desks);
  ~DeskPool();

  DeskPool(const DeskPool&) = delete;
  DeskPool& operator=(const DeskPool&) = delete;

  int size() const { return desk_count_; }

  // Runs job(desk) on each of the desks 0 … count-1 and returns at once.
  // Requires idle() and count <= size().
  void dispatch(int count, std::function<void(int desk)> job);

  // True when no desk is running a job. Never blocks.
  bool idle() const;

  // Blocks until idle(). Not for the browser's main thread, which must not block.
  void wait_idle() const;

 private:
  struct Desk {
    std::atomic<std::uint32_t> ticket{0};  // bumped once per job handed to this desk
    std::thread thread;
  };

  void desk_loop(int desk);

  int desk_count_;
  std::unique_ptr<Desk[]> desks_;
  std::function<void(int)> job_;  // written only while idle, read by desks after their ticket
  std::atomic<int> busy_{0};
  std::atomic<bool> closing_{false};
};

}  // namespace racelab
