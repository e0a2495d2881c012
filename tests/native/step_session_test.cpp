// The step engine: the visitor schedules, a move at a time; the program shown follows the
// worker; Undo, Restart and a link's position replay exactly; a deadlock is caught.

#include "core/step_session.hpp"

#include <gtest/gtest.h>

#include "core/explore.hpp"
#include "core/scenarios/registry.hpp"

namespace racelab {
namespace {

constexpr int kAlice = 0;
constexpr int kBob = 1;

RunConfig step_config(std::string_view scenario, LockKind lock, int workers = 2) {
  auto config = RunConfig::for_scenario(scenario);
  config.engine = EngineKind::Step;
  config.lock = lock;
  config.workers = workers;
  return config;
}

std::string line_text(const StepSession& session, int worker) {
  const int line = session.view(worker).line;
  return line < 0 ? "(none)" : session.code(worker)[line].text;
}

bool violated(const StepSession& session, std::string_view kind) {
  for (const auto& violation : session.run().summary().violations) {
    if (violation.kind == kind) return true;
  }
  return false;
}

// Both look before either writes: the double booking, move by move.
void double_book(StepSession& session) {
  for (const int worker : {kAlice, kBob, kAlice, kAlice, kBob, kBob}) {
    ASSERT_EQ(session.go(worker, true), "") << worker;
  }
}

TEST(StepSession, TheVisitorPlaysTheDoubleBookingLineByLine) {
  StepSession session(step_config("booking", LockKind::None));
  EXPECT_EQ(line_text(session, kAlice), "slot := firstFree(calendar)");
  EXPECT_EQ(session.ready(), (std::vector<int>{kAlice, kBob}));
  ASSERT_EQ(session.go(kAlice, true), "");
  EXPECT_EQ(session.view(kAlice).last, "read the 10:00 slot: 0");
  EXPECT_EQ(line_text(session, kAlice), "    think()");
  ASSERT_EQ(session.go(kBob, true), "");
  ASSERT_EQ(session.go(kAlice, true), "");
  EXPECT_EQ(line_text(session, kAlice), "    calendar[slot] = me; booked[me] = slot");
  // The line is two writes: as one move, both happen.
  const auto before = session.requests();
  ASSERT_EQ(session.go(kAlice, true), "");
  EXPECT_EQ(session.requests(), before + 2);
  EXPECT_TRUE(session.view(kAlice).done);
  EXPECT_FALSE(violated(session, "double-booking"));
  ASSERT_EQ(session.go(kBob, true), "");
  ASSERT_EQ(session.go(kBob, true), "");
  EXPECT_TRUE(session.finished());
  EXPECT_TRUE(violated(session, "double-booking"));
  EXPECT_EQ(session.run().summary().config.engine, EngineKind::Step);
}

TEST(StepSession, ALineExpandedIsOneRequestAMove) {
  StepSession session(step_config("booking", LockKind::None));
  double_book(session);
  ASSERT_TRUE(session.undo());
  // Bob stands before his two writes; one at a time, they are two moves.
  EXPECT_EQ(line_text(session, kBob), "    calendar[slot] = me; booked[me] = slot");
  ASSERT_EQ(session.go(kBob, false), "");
  EXPECT_EQ(session.view(kBob).parts.size(), 1u);
  EXPECT_EQ(line_text(session, kBob), "    calendar[slot] = me; booked[me] = slot");
  ASSERT_EQ(session.go(kBob, false), "");
  EXPECT_TRUE(session.view(kBob).done);
}

TEST(StepSession, UndoReturnsToTheStateBeforeAndNextRedoes) {
  StepSession session(step_config("booking", LockKind::None));
  double_book(session);
  const auto finished_trace = trace_hash(session.run().trace());
  ASSERT_TRUE(session.undo());
  EXPECT_FALSE(session.finished());
  EXPECT_FALSE(violated(session, "double-booking"));
  EXPECT_EQ(session.planned(), 2u);  // Bob's two writes
  while (session.next()) {
  }
  EXPECT_EQ(trace_hash(session.run().trace()), finished_trace);
  session.restart();
  EXPECT_EQ(session.requests(), 0u);
  EXPECT_EQ(session.planned(), 8u);  // a read, a think and two writes each
  while (session.next()) {
  }
  EXPECT_EQ(trace_hash(session.run().trace()), finished_trace);
}

TEST(StepSession, AWorkerThatMustWaitCannotGoAndSaysWhy) {
  StepSession session(step_config("booking", LockKind::Mutex));
  EXPECT_EQ(line_text(session, kAlice), "mu.Lock()");
  ASSERT_EQ(session.go(kAlice, true), "");
  ASSERT_EQ(session.go(kBob, true), "");  // Bob asks, and must wait
  EXPECT_EQ(session.view(kBob).last, "lock the lock: must wait");
  EXPECT_EQ(session.go(kBob, true), "Bob cannot go now: waits for the lock");
  EXPECT_EQ(session.ready(), std::vector<int>{kAlice});
  while (session.next()) {
  }
  EXPECT_FALSE(violated(session, "double-booking"));
}

TEST(StepSession, ALinksPositionReplaysTheSameRequests) {
  StepSession session(step_config("booking", LockKind::None));
  double_book(session);
  ASSERT_TRUE(session.undo());
  const auto position = session.position();
  const auto token = position_token(position);
  std::string problem;
  const auto parsed = parse_position_token(token, problem);
  ASSERT_TRUE(parsed) << problem;
  EXPECT_EQ(*parsed, position);

  StepSession replayed(step_config("booking", LockKind::None));
  EXPECT_EQ(replayed.replay(*parsed), "");
  EXPECT_EQ(replayed.requests(), session.requests());
  EXPECT_EQ(trace_hash(replayed.run().trace()), trace_hash(session.run().trace()));
  EXPECT_EQ(position_token(replayed.position()), token);
}

TEST(StepSession, APositionForOtherSettingsSaysSo) {
  StepSession session(step_config("booking", LockKind::Mutex));
  EXPECT_NE(session.replay({{5}, 0}).find("cannot go there"), std::string::npos);
  EXPECT_NE(session.replay({{0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, 0}).find("other settings"),
            std::string::npos);
  // A hand-made ending that meets a choice, or goes on past the end.
  EXPECT_NE(session.replay({{}, 3}).find("+3 ending meets a point where more than one"),
            std::string::npos);
  EXPECT_EQ(session.requests(), 0u);
  while (session.next()) {
  }
  auto whole = session.position();
  EXPECT_EQ(session.replay(whole), "");
  EXPECT_TRUE(session.finished());
  whole.after += 5;
  EXPECT_EQ(session.replay(whole), "the schedule goes on " + std::to_string(whole.after) +
                                       " requests after its last choice, but the run ends " +
                                       std::to_string(whole.after - 5) + " after it");
  std::string problem;
  for (const char* bad : {"0.x", "0+", "0+-1", "+a", "0.1+2+3", ""}) {
    EXPECT_FALSE(parse_position_token(bad, problem)) << bad;
    EXPECT_FALSE(problem.empty());
  }
}

TEST(StepSession, StepsThroughTheExplorersShortestFailingSchedule) {
  auto config = step_config("booking", LockKind::None);
  config.think_ms = 0;
  auto explored = config;
  explored.engine = EngineKind::Deterministic;
  Explorer explorer(explored, {});
  explorer.run_to_end();
  ASSERT_TRUE(explorer.result().shortest_failing);
  StepSession session(config);
  session.plan_schedule(*explorer.result().shortest_failing);
  EXPECT_EQ(session.requests(), 0u);
  EXPECT_GT(session.planned(), 0u);
  while (session.next()) {
  }
  EXPECT_TRUE(violated(session, "double-booking"));
  EXPECT_EQ(session.position().choices, *explorer.result().shortest_failing);
}

TEST(StepSession, CatchesADeadlockTheVisitorSteersInto) {
  StepSession session(step_config("abba", LockKind::Mutex));
  EXPECT_EQ(line_text(session, kAlice), "room.Lock()");
  EXPECT_EQ(line_text(session, kBob), "projector.Lock()");
  for (const int worker : {kAlice, kBob, kAlice, kBob, kAlice, kBob}) {
    ASSERT_EQ(session.go(worker, true), "") << worker;
  }
  EXPECT_TRUE(session.finished());
  ASSERT_TRUE(session.run().deadlock());
  EXPECT_EQ(session.run().deadlock()->cycle.size(), 2u);
  EXPECT_EQ(session.view(kAlice).status, "waits for the projector");
  EXPECT_NE(session.go(kAlice, true).find("run is over"), std::string::npos);
  ASSERT_TRUE(session.undo());
  EXPECT_FALSE(session.finished());
}

// Every program's code follows its worker: at each request, the worker is on a line that makes
// it (and names its field, where the line names one), on every scenario and lock, to the end of
// a run of fewest switches and of one that takes turns request by request.
void expect_lines_follow(StepSession& session, bool take_turns) {
  int moves = 0;
  int last = -1;
  for (;;) {
    for (int worker = 0; worker < session.workers(); ++worker) {
      EXPECT_FALSE(session.run().scenario().code(worker).empty()) << "every scenario has code";
      const auto view = session.view(worker);
      if (view.done) continue;
      ASSERT_GE(view.line, 0) << view.name << " at " << view.next;
      const auto& line = session.code(worker)[view.line];
      const Op* op = session.run().pending(worker);
      ASSERT_NE(op, nullptr);
      EXPECT_NE(line.ops & op_bit(op->kind), 0u) << line.text << " / " << view.next;
      if (line.field >= 0 && op->kind != OpKind::Acquire && op->kind != OpKind::Release &&
          op->kind != OpKind::Think && op->kind != OpKind::Send && op->kind != OpKind::Receive) {
        EXPECT_EQ(op->target, line.field) << line.text << " / " << view.next;
      }
    }
    if (session.finished() || ++moves > 5000) break;
    if (!take_turns) {
      session.next();
      continue;
    }
    const auto& ready = session.ready();
    const auto after = std::upper_bound(ready.begin(), ready.end(), last);
    last = after == ready.end() ? ready.front() : *after;
    ASSERT_EQ(session.go(last, false), "");
  }
  EXPECT_TRUE(session.finished());
}

TEST(StepSession, EveryWorkerIsAlwaysOnALineThatMakesItsRequest) {
  for (const auto& spec : scenarios()) {
    for (const auto lock : spec.locks) {
      for (const bool take_turns : {false, true}) {
        SCOPED_TRACE(std::string(spec.name) + " " + std::string(lock_kind_name(lock)) +
                     (take_turns ? " taking turns" : " fewest switches"));
        StepSession session(step_config(spec.name, lock, 3));
        expect_lines_follow(session, take_turns);
      }
    }
  }
}

}  // namespace
}  // namespace racelab
