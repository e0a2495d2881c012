#include "core/channel_state.hpp"

#include <cassert>

namespace racelab {

ChannelState::ChannelState(int capacity) : capacity_(static_cast<std::size_t>(capacity)) {
  assert(capacity > 0 && "racelab's channels are buffered");
}

bool ChannelState::send(int worker, std::int64_t value, std::vector<ChannelWake>& woken) {
  if (!receivers_.empty()) {
    woken.push_back({receivers_.front(), value});
    receivers_.pop_front();
    return true;
  }
  if (buffer_.size() < capacity_) {
    buffer_.push_back(value);
    return true;
  }
  senders_.push_back({worker, value});
  return false;
}

bool ChannelState::receive(int worker, std::int64_t& value, std::vector<ChannelWake>& woken) {
  if (buffer_.empty()) {
    receivers_.push_back(worker);
    return false;
  }
  value = buffer_.front();
  buffer_.pop_front();
  if (!senders_.empty()) {
    // Room again: the first waiting sender's value joins the buffer and the sender goes on.
    buffer_.push_back(senders_.front().value);
    woken.push_back({senders_.front().worker, 0});
    senders_.pop_front();
  }
  return true;
}

}  // namespace racelab
