#include "core/config.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <string>
#include <vector>

#include "core/shown_text.hpp"

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
  config.workers = 1700;
  config.desks = 2;
  config.engine = EngineKind::Deterministic;
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
  EXPECT_EQ(result.problems[0], "workers must be a whole number from 1 to 10000, not '-1'");
  EXPECT_EQ(result.problems[1],
            "lock '<script>' is not known for booking; choose one of none, mutex, spinlock, "
            "atomic, channel");
  EXPECT_EQ(result.problems[2], "think must be a whole number from 0 to 2000 ms, not '1e9'");
  EXPECT_EQ(result.problems[3], "seed must be a whole number of 0 or more, not ''");
}

TEST(ParseLink, UnknownKeysAndRepeatsAreNamed) {
  const auto result = parse_link("#colour=red&workers=3&workers=4");
  EXPECT_EQ(result.config.workers, 3);
  ASSERT_EQ(result.problems.size(), 2u);
  EXPECT_EQ(result.problems[0], "'workers' appears more than once; the first one is used");
  EXPECT_EQ(result.problems[1], "unknown setting 'colour' for booking");
}

// Regression: a key given three times was reported twice.
TEST(ParseLink, EachRepeatedKeyIsReportedOnce) {
  const auto result = parse_link("#lock=mutex&lock=none&lock=mutex&speed=1&speed=2&speed=3");
  EXPECT_EQ(result.config.lock, LockKind::Mutex);
  EXPECT_EQ(result.page.speed, 1);
  ASSERT_EQ(result.problems.size(), 2u);
  EXPECT_EQ(result.problems[0], "'speed' appears more than once; the first one is used");
  EXPECT_EQ(result.problems[1], "'lock' appears more than once; the first one is used");
}

TEST(ParseLink, OversizedHashIsRefusedWhole) {
  const auto result = parse_link("#workers=3&" + std::string(100'000, 'x'));
  EXPECT_EQ(result.config, RunConfig{});
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_NE(result.problems[0].find("more than 4096"), std::string::npos);
}

// Every code point of a UTF-8 string, or false when it is not well-formed UTF-8.
bool code_points(const std::string& text, std::vector<char32_t>& out) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if ((lead & 0xc0) == 0x80 || i + length > text.size()) return false;
    char32_t character = length == 1 ? lead : lead & (0x3f >> (length - 1));
    for (std::size_t k = 1; k < length; ++k)
      character = (character << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
    out.push_back(character);
    i += length;
  }
  return true;
}

TEST(ParseLink, ShownTextIsSafeAndShort) {
  const auto result = parse_link("#lock=%E2%98%83%00%E2%80%AE" + std::string(200, 'a'));
  ASSERT_EQ(result.problems.size(), 1u);
  std::vector<char32_t> characters;
  ASSERT_TRUE(code_points(result.problems[0], characters)) << result.problems[0];
  for (char32_t character : characters)
    EXPECT_TRUE(shown_as_is(character)) << static_cast<unsigned>(character);
  // A snowman, a NUL and a right-to-left override, spelled out; cut at 32 columns.
  EXPECT_EQ(result.problems[0].rfind("lock '<U+2603><U+0000><U+202E>aaaaaaaa...' is not known", 0),
            0u)
      << result.problems[0];
}

// Regression: every character past ASCII showed as '?', also those the page's font draws.
TEST(ParseLink, LettersTheFontDrawsShowAsTheyAre) {
  const auto result = parse_link("#lock=Schlo%C3%9F&scenario=%D0%B7%D0%B0%D0%BC%D0%BE%D0%BA");
  ASSERT_EQ(result.problems.size(), 2u);
  const auto& first = result.problems[0];
  EXPECT_EQ(first.rfind("scenario 'замок' is not known", 0), 0u) << first;
  EXPECT_EQ(result.problems[1].rfind("lock 'Schloß' is not known", 0), 0u) << result.problems[1];
  EXPECT_EQ(parse_link("#lock=caf%C3%A9%E2%80%A6").problems[0].rfind("lock 'café…'", 0), 0u);
}

TEST(ParseLink, WhatTheFontCannotDrawIsSpelledOut) {
  const auto result = parse_link("#lock=%F0%9F%92%A5");
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].rfind("lock '<U+1F4A5>' is not known", 0), 0u) << result.problems[0];
  // Bytes that are not UTF-8: a stray continuation, an overlong slash, a cut-off character.
  EXPECT_EQ(parse_link("#lock=%80%C0%AF%E2%98")
                .problems[0]
                .rfind("lock '<0x80><0xC0><0xAF><0xE2><0x98>' is not known", 0),
            0u);
}

TEST(ShownCharacters, AreDrawableAndHoldNoControlOrDirectionCharacter) {
  for (char32_t control : {0x00, 0x1f, 0x7f, 0x85, 0xa0, 0xad, 0x200e, 0x202e, 0x2028, 0xfeff})
    EXPECT_FALSE(shown_as_is(control)) << static_cast<unsigned>(control);
  for (const char32_t* letters : {U"a~éßł", U"Ωж—“…€"}) {
    for (const char32_t* letter = letters; *letter != 0; ++letter)
      EXPECT_TRUE(shown_as_is(*letter)) << static_cast<unsigned>(*letter);
  }
  for (std::size_t i = 1; i < std::size(kShownCharacters); ++i)
    EXPECT_GT(kShownCharacters[i].first, kShownCharacters[i - 1].last) << "in order, apart";
}

TEST(ParseLink, NamelessSettingsAreOneProblem) {
  const auto result = parse_link("#&&&==&=&workers=3");
  EXPECT_EQ(result.config.workers, 3);
  EXPECT_EQ(result.problems, std::vector<std::string>{"a setting with no name was ignored"});
}

// Regression: the build without threads, where the hardware shows one thread, wrote desks=1
// into its links.
TEST(DefaultDesks, FourUnlessTheHardwareHasFewerAndFourWhenItIsNotKnown) {
  EXPECT_EQ(default_desks(0), 4);
  EXPECT_EQ(default_desks(1), 1);
  EXPECT_EQ(default_desks(3), 3);
  EXPECT_EQ(default_desks(64), 4);
  EXPECT_EQ(RunConfig{}.desks, default_desks());
}

TEST(ApplySetting, BoundsAreInclusive) {
  RunConfig config;
  EXPECT_FALSE(apply_setting(config, "workers", "1"));
  EXPECT_FALSE(apply_setting(config, "workers", "10000"));
  EXPECT_TRUE(apply_setting(config, "workers", "10001"));
  EXPECT_TRUE(apply_setting(config, "workers", "0"));
  EXPECT_TRUE(apply_setting(config, "workers", "4x"));
  EXPECT_EQ(config.workers, 10000);
  EXPECT_FALSE(apply_setting(config, "think", "2000"));
  EXPECT_TRUE(apply_setting(config, "think", "2001"));
  EXPECT_TRUE(apply_setting(config, "scenario", "queue"));
  EXPECT_TRUE(apply_setting(config, "engine", "quantum"));
  EXPECT_TRUE(apply_setting(config, "desks", "0"));
  EXPECT_TRUE(apply_setting(config, "desks", "17"));
}

TEST(ApplySettings, ScenarioGoesFirstWhereverItStands) {
  RunConfig config;
  const auto problems =
      apply_settings(config, {{"stock", "5"}, {"lock", "atomic"}, {"scenario", "flash-sale"}});
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(config.scenario, "flash-sale");
  EXPECT_EQ(config.param("stock"), 5);
  EXPECT_EQ(config.lock, LockKind::Atomic);
  EXPECT_EQ(config.workers, 100);  // the scenario's default
}

TEST(ApplySettings, LockMustFitTheScenario) {
  RunConfig config;
  const auto problems = apply_settings(config, {{"scenario", "booking"}, {"lock", "rwmutex"}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "lock 'rwmutex' does not fit booking; choose one of none, mutex, spinlock, atomic, "
            "channel");
}

TEST(ApplySettings, ParametersAreBoundedPerScenario) {
  RunConfig config = RunConfig::for_scenario("pool");
  EXPECT_FALSE(apply_setting(config, "connections", "64"));
  EXPECT_TRUE(apply_setting(config, "connections", "65"));
  EXPECT_TRUE(apply_setting(config, "stock", "1"));  // not a pool parameter
}

// Regression: the cache took more writers than workers without a word.
TEST(ApplySettings, WritersAreAtMostTheWorkers) {
  RunConfig config;
  auto problems =
      apply_settings(config, {{"scenario", "cache"}, {"writers", "50"}, {"workers", "2"}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "writers must be a whole number from 1 to the 2 workers, not 50");
  EXPECT_EQ(config.param("writers"), 1);
  EXPECT_EQ(config.workers, 2);

  problems = apply_settings(config, {{"scenario", "cache"}, {"workers", "2"}, {"writers", "2"}});
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(config.param("writers"), 2);
}

TEST(ToLink, CarriesEveryScenarioParameter) {
  RunConfig config = RunConfig::for_scenario("ledger");
  config.engine = EngineKind::Deterministic;
  config.desks = 3;
  const auto link = to_link(config);
  EXPECT_NE(link.find("&balance=100"), std::string::npos) << link;
  EXPECT_NE(link.find("&amount=60"), std::string::npos) << link;
  const auto back = parse_link(link);
  EXPECT_TRUE(back.problems.empty());
  EXPECT_EQ(back.config, config);
}

TEST(PageSettings, RoundTripThroughTheLinkBesideTheRun) {
  RunConfig config = RunConfig::for_scenario("bulletin");
  config.engine = EngineKind::Deterministic;
  PageSettings page;
  page.speed = 250;
  page.set_open(Panel::Races, false);
  page.autorun = true;
  const auto link = to_link(config, page);
  EXPECT_NE(link.find("&speed=250&panels=explain,floor,timeline,metrics&autorun=1"),
            std::string::npos)
      << link;
  const auto back = parse_link(link);
  EXPECT_TRUE(back.problems.empty()) << back.problems.front();
  EXPECT_EQ(back.config, config);
  EXPECT_EQ(back.page, page);
}

TEST(PageSettings, NoPanelOpenIsWrittenAsNone) {
  PageSettings page;
  page.panels = 0;
  const auto link = to_link(RunConfig{}, page);
  EXPECT_NE(link.find("&panels=none"), std::string::npos) << link;
  EXPECT_EQ(parse_link(link).page.panels, 0u);
  EXPECT_EQ(link.find("autorun"), std::string::npos) << "autorun is written only when set";
}

TEST(PageSettings, BadPageValuesFallBackAndAreNamed) {
  const auto result = parse_link("#speed=-3&panels=floor,attic&autorun=yes&workers=4&speed=9");
  EXPECT_EQ(result.page, PageSettings{});
  EXPECT_EQ(result.config.workers, 4);
  ASSERT_EQ(result.problems.size(), 4u);
  EXPECT_EQ(result.problems[0],
            "speed must be a whole number from 0 to 100000 steps per second (0: full speed), "
            "not '-3'");
  EXPECT_EQ(
      result.problems[1],
      "panels must list explain, floor, timeline, races, metrics or none, separated by commas, "
      "not 'attic'");
  EXPECT_EQ(result.problems[2], "autorun must be 0 or 1, not 'yes'");
  EXPECT_EQ(result.problems[3], "'speed' appears more than once; the first one is used");
}

// Regression: a panel named twice was accepted silently.
TEST(PageSettings, APanelNamedTwiceIsAProblemAndThePanelsKeepTheirDefault) {
  const auto result = parse_link("#panels=floor,races,floor");
  EXPECT_EQ(result.page.panels, kAllPanels);
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0], "panels names 'floor' more than once");
}

// Regression: only the first problem of the list was reported.
TEST(PageSettings, EveryProblemOfThePanelsListIsReportedOnce) {
  const auto result = parse_link("#panels=explain,explain,foo,floor,explain,foo,,races");
  EXPECT_EQ(result.page.panels, kAllPanels);
  const std::string list =
      "panels must list explain, floor, timeline, races, metrics or none, separated by commas, ";
  EXPECT_EQ(result.problems, (std::vector<std::string>{"panels names 'explain' more than once",
                                                       list + "not 'foo'", list + "not ''"}));
}

TEST(PageSettings, AnEmptyPanelsValueSaysWhatToWrite) {
  const auto result = parse_link("#panels=");
  EXPECT_EQ(result.page.panels, kAllPanels);
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0],
            "panels is empty; list explain, floor, timeline, races, metrics or none, separated by "
            "commas");
}

TEST(StepEngine, TheLinkCarriesTheEngineAndItsSchedule) {
  const auto result = parse_link("#scenario=booking&engine=step&workers=2&schedule=0.1.1+2");
  EXPECT_TRUE(result.problems.empty());
  EXPECT_EQ(result.config.engine, EngineKind::Step);
  EXPECT_EQ(result.config.schedule, "0.1.1+2");
  EXPECT_EQ(parse_link(to_link(result.config)).config, result.config);
  EXPECT_EQ(to_link(RunConfig{}).find("schedule"), std::string::npos);
}

TEST(StepEngine, TooManyWorkersAndAStrayScheduleAreNamed) {
  auto result = parse_link("#engine=step&workers=50");
  EXPECT_EQ(result.config.workers, RunConfig::kMaxStepWorkers);
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0],
            "the step engine shows every worker's program: at most 8 workers, not 50; using 8");

  result = parse_link("#engine=threads&schedule=0.1");
  EXPECT_TRUE(result.config.schedule.empty());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0], "a schedule is for the step engine (engine=step); it was ignored");

  result = parse_link("#engine=step&schedule=0.x");
  EXPECT_TRUE(result.config.schedule.empty());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_NE(result.problems[0].find("schedule '0.x': the schedule must be worker numbers"),
            std::string::npos)
      << result.problems[0];

  result = parse_link("#engine=warp");
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0],
            "engine 'warp' is not known; choose threads, deterministic or step");
}

}  // namespace
}  // namespace racelab
