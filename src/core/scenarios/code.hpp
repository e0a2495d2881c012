#pragma once

// The shapes of the programs the step engine shows, shared by the scenarios that have them.

#include <string>
#include <vector>

#include "core/lock.hpp"
#include "core/scenario.hpp"

namespace racelab {

// A line that makes the requests in `ops` during program step `step`, indented by `depth`.
CodeLine code_line(int depth, int step, std::uint32_t ops, std::string text);
// The same for a line that makes several requests (a loop over the calendar, two writes).
CodeLine code_lines(int depth, int step, std::uint32_t ops, std::string text);
// A line that reads or writes `field` only.
CodeLine code_field(int depth, int step, std::uint32_t ops, int field, std::string text);
// A line that makes no request: a loop's head, a closing brace.
CodeLine code_shape(int depth, std::string text);

// The Go of taking and handing back the scenario's lock `name` on `side`: "mu.Lock()",
// "rw.RLock()", "keys.Acquire()", …
std::string lock_text(LockKind kind, LockSide side, const std::string& name = "");
std::string unlock_text(LockKind kind, LockSide side, const std::string& name = "");

// The check-think-act programs of booking, flash-sale and ledger, in their words: look at the
// resource, and if it allows it, think and then act on what was seen.
struct CheckThinkAct {
  int check_step = 1;
  int think_step = 2;
  int act_step = 3;
  std::string check;  // "n := stock"
  std::string test;   // "if n > 0 {"
  std::string act;    // "stock = n - 1; ordered[me] = true"
  // The lock-free variant, which retries with compare-and-swap.
  std::string cas_loop;   // "for {"
  std::string cas_check;  // "n := atomic.Load(&stock)", with its way out
  std::string cas_act;    // "if atomic.CompareAndSwap(&stock, n, n-1) {"
  std::string cas_after;  // "ordered[me] = true; return"
  // The channel variant's owner, who acts on a client's behalf (c).
  std::string owner_act;
};

// The program of `worker` (the owner when it is the scenario's helper, under a channel).
std::vector<CodeLine> check_think_act_code(const CheckThinkAct& words, LockKind lock, bool owner);

}  // namespace racelab
