#include "core/channel_state.hpp"

#include <gtest/gtest.h>

namespace racelab {
namespace {

TEST(Channel, DeliversInTheOrderSent) {
  ChannelState channel(3);
  std::vector<ChannelWake> woken;
  EXPECT_TRUE(channel.send(0, 10, woken));
  EXPECT_TRUE(channel.send(1, 20, woken));
  std::int64_t value = 0;
  EXPECT_TRUE(channel.receive(2, value, woken));
  EXPECT_EQ(value, 10);
  EXPECT_TRUE(channel.receive(2, value, woken));
  EXPECT_EQ(value, 20);
  EXPECT_TRUE(woken.empty());
}

TEST(Channel, AReceiverWaitsForTheNextSend) {
  ChannelState channel(1);
  std::vector<ChannelWake> woken;
  std::int64_t value = 0;
  EXPECT_FALSE(channel.receive(4, value, woken));
  EXPECT_TRUE(channel.send(1, 99, woken));
  ASSERT_EQ(woken.size(), 1u);
  EXPECT_EQ(woken[0].worker, 4);
  EXPECT_EQ(woken[0].value, 99);
  EXPECT_EQ(channel.buffered(), 0);
}

TEST(Channel, ASenderWaitsWhileTheBufferIsFull) {
  ChannelState channel(1);
  std::vector<ChannelWake> woken;
  EXPECT_TRUE(channel.send(0, 1, woken));
  EXPECT_FALSE(channel.send(1, 2, woken));
  std::int64_t value = 0;
  EXPECT_TRUE(channel.receive(2, value, woken));
  EXPECT_EQ(value, 1);
  ASSERT_EQ(woken.size(), 1u);
  EXPECT_EQ(woken[0].worker, 1);  // its value moved into the buffer
  EXPECT_TRUE(channel.receive(2, value, woken));
  EXPECT_EQ(value, 2);
}

}  // namespace
}  // namespace racelab
