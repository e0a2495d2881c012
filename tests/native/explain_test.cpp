// The Explain panel's words: a text for every scenario, lock type and engine, different for each
// lock, in ASCII the page's font can draw, and changed by the parameters that change the story.

#include "core/explain.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/scenario.hpp"

namespace racelab {
namespace {

RunConfig config_for(const ScenarioSpec& spec, LockKind lock, EngineKind engine) {
  RunConfig config = RunConfig::for_scenario(spec.name);
  config.lock = lock;
  config.engine = engine;
  return config;
}

bool printable_ascii(const std::string& text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e) return false;
  }
  return true;
}

TEST(Explain, EveryScenarioLockAndEngineHasPrintableText) {
  for (const auto& spec : scenarios()) {
    for (auto lock : spec.locks) {
      for (auto engine : {EngineKind::Threads, EngineKind::Deterministic, EngineKind::Step}) {
        SCOPED_TRACE(std::string(spec.name) + " " + std::string(lock_kind_name(lock)) + " " +
                     std::string(engine_name(engine)));
        const auto explanation = explain_run(config_for(spec, lock, engine));
        EXPECT_FALSE(explanation.what.empty());
        EXPECT_FALSE(explanation.why.empty());
        EXPECT_FALSE(explanation.engine.empty());
        const auto text = explanation_text(explanation);
        EXPECT_TRUE(printable_ascii(text)) << text;
        EXPECT_EQ(text.find("  "), std::string::npos) << text;
        EXPECT_EQ(text.find("no explanation"), std::string::npos) << text;
      }
    }
  }
}

TEST(Explain, TextsDifferBetweenTheLocksOfAScenario) {
  for (const auto& spec : scenarios()) {
    std::set<std::string> whats;
    std::set<std::string> whys;
    for (auto lock : spec.locks) {
      const auto explanation = explain_run(config_for(spec, lock, EngineKind::Deterministic));
      whats.insert(explanation.what);
      whys.insert(explanation.why);
    }
    EXPECT_EQ(whats.size(), spec.locks.size()) << spec.name;
    EXPECT_EQ(whys.size(), spec.locks.size()) << spec.name;
  }
}

TEST(Explain, TheDeadlockScenariosSayDeadlockUntilFixed) {
  for (const char* scenario : {"abba", "rwr", "double-lock"}) {
    SCOPED_TRACE(scenario);
    auto config = RunConfig::for_scenario(scenario);
    const auto broken = explain_run(config);
    EXPECT_NE(broken.why.find("deadlock"), std::string::npos) << broken.why;
    EXPECT_NE(broken.why.find("fixed=1"), std::string::npos) << broken.why;
    config.params["fixed"] = 1;
    const auto fixed = explain_run(config);
    EXPECT_NE(fixed.what, broken.what);
    EXPECT_EQ(fixed.why.find("for ever"), std::string::npos) << fixed.why;
  }
}

TEST(Explain, TheEngineSentenceNamesDesksOrSeed) {
  auto config = RunConfig::for_scenario("booking");
  config.engine = EngineKind::Threads;
  config.desks = 3;
  EXPECT_NE(explain_run(config).engine.find("3 real desks"), std::string::npos);

  config.engine = EngineKind::Deterministic;
  config.seed = 4242;
  const auto engine = explain_run(config).engine;
  EXPECT_NE(engine.find("seed 4242"), std::string::npos) << engine;
  EXPECT_NE(engine.find("replays"), std::string::npos) << engine;
}

TEST(Explain, FlashSaleStockChangesTheStory) {
  auto config = RunConfig::for_scenario("flash-sale");
  config.lock = LockKind::Mutex;
  config.params["stock"] = 1;
  EXPECT_NE(explanation_text(explain_run(config)).find("the last pair"), std::string::npos);
  config.params["stock"] = 7;
  EXPECT_NE(explanation_text(explain_run(config)).find("7 pairs"), std::string::npos);

  // Enough pairs for everyone: no oversell to explain, only the lost count.
  config.lock = LockKind::None;
  config.workers = 5;
  const auto scarce = explain_run(config).why;
  config.params["stock"] = 1;
  EXPECT_NE(explain_run(config).why, scarce);
}

TEST(Explain, LedgerBalanceAndAmountShowUp) {
  auto config = RunConfig::for_scenario("ledger");
  config.lock = LockKind::None;
  config.params["balance"] = 500;
  config.params["amount"] = 300;
  const auto text = explanation_text(explain_run(config));
  EXPECT_NE(text.find("500"), std::string::npos) << text;
  EXPECT_NE(text.find("300"), std::string::npos) << text;
  EXPECT_NE(text.find("then write 200"), std::string::npos) << text;
  EXPECT_NE(text.find("more than it held"), std::string::npos) << text;

  // When every withdrawal fits, nothing is overdrawn; only an update can be lost.
  config.params["amount"] = 100;
  const auto roomy = explain_run(config).why;
  EXPECT_EQ(roomy.find("more than it held"), std::string::npos) << roomy;
  EXPECT_NE(roomy.find("vanishes"), std::string::npos) << roomy;
}

TEST(Explain, PoolSizeShowsUpWithTheSemaphore) {
  auto config = RunConfig::for_scenario("pool");
  config.lock = LockKind::Semaphore;
  config.params["connections"] = 5;
  EXPECT_NE(explain_run(config).what.find("5 numbered keys"), std::string::npos);
}

TEST(Explain, ALoneWorkerMeetsNobody) {
  auto config = RunConfig::for_scenario("booking");
  config.workers = 1;
  EXPECT_NE(explain_run(config).why.find("nobody to collide with"), std::string::npos);
}

TEST(Explain, AnUnknownScenarioGetsAGeneralText) {
  RunConfig config;
  config.scenario = "no-such-scenario";
  const auto explanation = explain_run(config);
  EXPECT_FALSE(explanation.what.empty());
  EXPECT_TRUE(printable_ascii(explanation_text(explanation)));
}

}  // namespace
}  // namespace racelab
