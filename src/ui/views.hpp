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

// A rectangle a view drew, named, in screen pixels: the page's controlRects() publishes it so
// that tests can find what they look at (a slot of the calendar, the floor's lines).
struct DrawnRect {
  std::string name;
  float x = 0, y = 0, width = 0, height = 0;
  // A number it carries, published after the rect (a line's workers, a view's draw time in
  // microseconds); -1: none.
  int value = -1;
};
using DrawnRects = std::vector<DrawnRect>;

// The race detector's reports; `selected` is the index the visitor picked (-1: none).
RaceHighlight draw_races(const Summary& summary, int& selected);

// The scenario's shared resource, drawn from the summary's outcome: the calendar, the shelf, the
// ledger, the board, the pool or the map, with violations in red. The calendar's slots go into
// `drawn` as "slot-0", "slot-1", ...
void draw_resource(const Summary& summary, const RaceHighlight& highlight, DrawnRects& drawn);

// Once nobody could move: the wait-for cycle as a ring of workers and labelled arrows.
void draw_wait_cycle(const Summary& summary);

// The coworking floor, drawn: the resource in the middle, the desks around it and who sits at
// them, the lines at the receptionist, the lounge, the lobby and home; violations flash red. A
// figure per worker while that stays readable, counts and a density grid beyond. `run` may be
// null (the floor before Run). Its parts go into `drawn` ("floor-view", "floor-resource", ...).
void draw_floor(const Run* run, const Summary& summary, const RaceHighlight& highlight,
                DrawnRects& drawn);

// The run's figures once it is over: throughput, lock waits p50/p99, where the time went.
void draw_metrics(const Summary& summary);

// What the visitor sees in this scenario with this lock and why, in the coworking words, then
// the verdict of the last run once there is one.
void draw_explain(const Summary& summary);

// The verdict in plain words, red when the invariant broke, and the violations under it.
void draw_verdict(const Summary& summary);

}  // namespace racelab::ui
