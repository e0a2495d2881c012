#pragma once

#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/run.hpp"
#include "core/summary.hpp"

namespace racelab::ui {

// The race selected in the Races panel, for the other views to point at.
struct RaceHighlight {
  bool active = false;
  int field = -1;                    // the shared field both accessed
  std::vector<std::string> workers;  // their names
};

// The race detector's reports; `selected` is the index the visitor picked (-1: none).
RaceHighlight draw_races(const Summary& summary, int& selected);

// The scenario's shared resource, drawn from the summary's outcome: the calendar, the shelf, the
// ledger, the board, the pool or the map, with violations in red.
void draw_resource(const Summary& summary, const RaceHighlight& highlight);

// Once nobody could move: the wait-for cycle as a ring of workers and labelled arrows.
void draw_wait_cycle(const Summary& summary);

// The coworking floor in brief: the desks and who sits at them, and every worker's activity
// (a figure each while that stays readable, counts beyond). `run` may be null.
void draw_floor(const Run* run, const RunConfig& config, const RaceHighlight& highlight);

// The run's figures once it is over: throughput, lock waits p50/p99, where the time went.
void draw_metrics(const Summary& summary);

// What the visitor sees in this scenario with this lock and why, in the coworking words, then
// the verdict of the last run once there is one.
void draw_explain(const Summary& summary);

// The verdict in plain words, red when the invariant broke, and the violations under it.
void draw_verdict(const Summary& summary);

}  // namespace racelab::ui
