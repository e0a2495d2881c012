#include "core/config.hpp"

#include <gtest/gtest.h>

namespace racelab {
namespace {

TEST(ParseLink, ReadsEveryKey) {
  const auto result = parse_link(
      "#scenario=booking&workers=8&lock=mutex&engine=threads&seed=7"
      "&think=50");
  EXPECT_TRUE(result.problems.empty());
  EXPECT_EQ(result.config.workers, 8);
  EXPECT_EQ(result.config.lock, LockKind::Mutex);
  EXPECT_EQ(result.config.seed, 7u);
  EXPECT_EQ(result.config.think_ms, 50);
}

TEST(ParseLink, EmptyHashGivesDefaults) {
  EXPECT_EQ(parse_link("").config, RunConfig{});
  EXPECT_EQ(parse_link("#").config, RunConfig{});
  EXPECT_TRUE(parse_link("#").problems.empty());
}

TEST(ParseLink, RoundTripsThroughToLink) {
  RunConfig config;
  config.workers = 17;
  config.lock = LockKind::Mutex;
  config.seed = 123456789012345ull;
  config.think_ms = 0;
  const auto result = parse_link(to_link(config));
  EXPECT_TRUE(result.problems.empty());
  EXPECT_EQ(result.config, config);
}

TEST(ParseLink, BadValuesFallBackAndAreNamed) {
  const auto result = parse_link("#workers=-1&lock=%3Cscript%3E&think=1e9&seed=");
  EXPECT_EQ(result.config, RunConfig{});
  ASSERT_EQ(result.problems.size(), 4u);
  EXPECT_EQ(result.problems[0], "workers must be a whole number from 1 to 64, not '-1'");
  EXPECT_EQ(result.problems[1], "lock '<script>' is not known; choose one of none, mutex");
  EXPECT_EQ(result.problems[2], "think must be a whole number from 0 to 2000 ms, not '1e9'");
  EXPECT_EQ(result.problems[3], "seed must be a whole number of 0 or more, not ''");
}

TEST(ParseLink, UnknownKeysAndRepeatsAreNamed) {
  const auto result = parse_link("#colour=red&workers=3&workers=4");
  EXPECT_EQ(result.config.workers, 3);
  ASSERT_EQ(result.problems.size(), 2u);
  EXPECT_EQ(result.problems[0], "unknown setting 'colour'");
  EXPECT_EQ(result.problems[1], "'workers' appears more than once; the first one is used");
}

TEST(ParseLink, OversizedHashIsRefusedWhole) {
  const auto result = parse_link("#workers=3&" + std::string(100'000, 'x'));
  EXPECT_EQ(result.config, RunConfig{});
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_NE(result.problems[0].find("more than 4096"), std::string::npos);
}

TEST(ParseLink, ShownTextIsPrintableAndShort) {
  const auto result = parse_link("#lock=%E2%98%83%00" + std::string(200, 'a'));
  ASSERT_EQ(result.problems.size(), 1u);
  for (char c : result.problems[0]) {
    EXPECT_TRUE(c >= 0x20 && c < 0x7f) << static_cast<int>(c);
  }
  EXPECT_LT(result.problems[0].size(), 100u);
}

TEST(ApplySetting, BoundsAreInclusive) {
  RunConfig config;
  EXPECT_FALSE(apply_setting(config, "workers", "1"));
  EXPECT_FALSE(apply_setting(config, "workers", "64"));
  EXPECT_TRUE(apply_setting(config, "workers", "65"));
  EXPECT_TRUE(apply_setting(config, "workers", "0"));
  EXPECT_TRUE(apply_setting(config, "workers", "4x"));
  EXPECT_EQ(config.workers, 64);
  EXPECT_FALSE(apply_setting(config, "think", "2000"));
  EXPECT_TRUE(apply_setting(config, "think", "2001"));
  EXPECT_TRUE(apply_setting(config, "scenario", "pool"));
  EXPECT_TRUE(apply_setting(config, "engine", "deterministic"));
}

}  // namespace
}  // namespace racelab
