#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/race_detector.hpp"
#include "core/scenario.hpp"
#include "core/trace.hpp"

namespace racelab {

class Run;

// What an export holds, for the CLI's one line and for tests.
struct ChromeTraceCounts {
  std::int64_t slices = 0;       // complete events ("X") of every kind
  std::int64_t step_slices = 0;  // … of them program steps: one per StepBegin of the trace
  std::int64_t flows = 0;        // lock hand-offs, each a start ("s") and a finish ("f")
  std::int64_t race_marks = 0;   // instant events ("i"): two per race report
  int tracks = 0;                // one per worker, the scenario's helpers included
};

struct ChromeTrace {
  std::string json;  // the whole file
  ChromeTraceCounts counts;
};

// A finished run as Chrome Trace Event JSON (the format Perfetto and chrome://tracing open):
//
//   - one process, "racelab: <scenario title>", and a track (thread) per worker, in worker
//     order, named as every view names them; tid is the worker's index + 1;
//   - complete slices per track: each program step, named by the scenario; inside a step
//     "waiting for <lock>" (request to grant, a spinner's retries included; zero or a few ns
//     long when the lock was free), "holding <lock>" (grant to release; "(read)" or "(write)"
//     for an RWMutex, "(permit N)" for a semaphore), "thinking" and "waiting on <channel>";
//   - flow arrows from a lock's release to its next acquire, when another worker makes it and
//     it is a hand-off (not a reader after a reader);
//   - each race report as an instant event on both workers' tracks at their access times.
//
// Nesting: every track's slices nest properly (no partial overlap). A step is the outermost
// slice. A lock held past the end of a step is cut there and continues in a new slice, marked
// "continued", at the start of the worker's next step; any other slice that would end while one
// opened after it is still open (a lock released while a later one is held) cuts that later
// slice the same way. Slices still open when the trace ends (a stopped run, a deadlock) end at
// the trace's last time, marked "unfinished".
//
// Times: "ts" and "dur" are microseconds with up to three decimals (nanoseconds exactly), and
// "dur" is chosen so that ts + dur, added in doubles as JavaScript does, equals the end time's
// own value: a checker comparing ends sees the nesting exactly. Linear in the trace's size.
ChromeTrace chrome_trace(const RunConfig& config, const ScenarioRun& scenario, const Trace& trace,
                         const std::vector<RaceReport>& races);

// The same for a finished run: its trace and the race detector's reports.
ChromeTrace chrome_trace(const Run& run);

}  // namespace racelab
