#pragma once

#include "core/booking.hpp"
#include "core/threads_run.hpp"

namespace racelab::ui {

// The conference-room calendar: a row per slot with the names written on it, double-booked slots
// in red, and a strip of the workers with what each is doing. `run` may be null (nothing run yet).
void draw_calendar(const CalendarPage& page, const ThreadsRun* run, int workers);

// The verdict in plain words, red when a slot is double-booked.
void draw_verdict(const Summary& summary);

}  // namespace racelab::ui
