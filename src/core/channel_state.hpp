#pragma once

#include <cstdint>
#include <deque>
#include <vector>

namespace racelab {

// A worker a channel operation lets go on, and what it receives (0 for a sender).
struct ChannelWake {
  int worker = 0;
  std::int64_t value = 0;
};

// A buffered channel as Go has them, shared by every engine: a send waits while the buffer is
// full, a receive while it is empty; a waiting receiver gets a sent value directly. Values are
// delivered in the order they were sent.
//
// Not thread-safe: the threads engine guards each ChannelState with a mutex of its own.
class ChannelState {
 public:
  explicit ChannelState(int capacity);

  // Sends `value`: returns true if the sender may go on now; otherwise it waits and is woken by a
  // later receive. A receiver it lets go on is appended to `woken`.
  bool send(int worker, std::int64_t value, std::vector<ChannelWake>& woken);

  // Receives into `value`: returns true if a value was there; otherwise the receiver waits and is
  // woken, with its value, by a later send. A sender it lets go on is appended to `woken`.
  bool receive(int worker, std::int64_t& value, std::vector<ChannelWake>& woken);

  int buffered() const { return static_cast<int>(buffer_.size()); }

 private:
  struct Sender {
    int worker;
    std::int64_t value;
  };

  std::size_t capacity_;
  std::deque<std::int64_t> buffer_;
  std::deque<int> receivers_;
  std::deque<Sender> senders_;
};

}  // namespace racelab
