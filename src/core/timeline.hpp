#pragma once

#include <cstdint>
#include <vector>

#include "core/lock.hpp"
#include "core/race_detector.hpp"
#include "core/scenario.hpp"
#include "core/trace.hpp"

namespace racelab {

// What a stretch of a lane shows. The numbers index the timeline shader's palette.
enum class SliceKind : std::uint8_t {
  Running = 0,       // inside a step of the program
  Waiting = 1,       // asked for a lock, not granted yet
  HoldingWrite = 2,  // holds a lock alone (a mutex, a spinlock, a writer's RWMutex, a permit)
  HoldingRead = 3,   // holds an RWMutex's read side, shared
  Thinking = 4,      // away from the resource
  Seated = 5,        // a desk lane: a worker sits at the desk
  Race = 6,          // a marker: an access the security camera caught
  Violation = 7,     // a marker: the moment the scenario's invariant broke
};
inline constexpr int kSliceKinds = 8;

// One slice of the timeline, laid out as the GPU reads it: four floats, one texel.
struct TimelineSlice {
  float start_us = 0;
  float end_us = 0;
  float lane = 0;  // desks first, then workers
  float kind = 0;  // a SliceKind
};

// A run's trace as lanes of slices: a lane per desk (who sat there), then a lane per worker
// (running, waiting for a lock, holding it, thinking), and race and violation markers on the
// lanes of the workers involved.
struct Timeline {
  int desk_lanes = 0;
  int worker_lanes = 0;
  double end_us = 0;                      // the last event's time
  std::vector<TimelineSlice> slices;      // lane by lane; in a lane by kind, then by start
  std::vector<std::size_t> lane_begin;    // lane i's slices are [lane_begin[i], lane_begin[i + 1])
  std::int64_t events = 0;                // how many trace events it was built from
  std::vector<ViolationMark> violations;  // what the Violation slices stand for, in time order

  int lanes() const { return desk_lanes + worker_lanes; }
};

// Builds the timeline of a trace, complete or still growing (a slice still open ends at the last
// event). `workers` counts the scenario's helpers too; `locks` are the kinds of its locks, by
// index. Linear in the trace.
Timeline build_timeline(const Trace& trace, int workers, int desks,
                        const std::vector<LockKind>& locks, const std::vector<RaceReport>& races,
                        std::vector<ViolationMark> violations = {});

// The slices as they look from afar: within a lane, slices of one kind closer than `gap_us` to
// the one before are merged into it, so that a zoomed-out view draws a slice per visible stretch
// rather than per event. Keeps the order of build_timeline (lane, kind, start).
std::vector<TimelineSlice> coarsened(const std::vector<TimelineSlice>& slices, double gap_us);

// The violation of `timeline` marked on `lane` nearest to `at_us`, within `slack_us`; null if
// none is.
const ViolationMark* violation_near(const Timeline& timeline, int lane, double at_us,
                                    double slack_us);

}  // namespace racelab
