#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace racelab {

// A schedule as text: the worker picked at each point where more than one could go, as worker
// numbers joined by dots ("0.1.1.0"); "-" when there was no choice at all.
std::string schedule_token(const std::vector<int>& choices);
// Reads a token back, or says what is wrong with it. A position's "+N" ending is accepted and
// ignored: a run replays the choices and goes on to its end.
std::optional<std::vector<int>> parse_schedule_token(std::string_view text, std::string& problem);

// Where a visitor playing the scheduler stands: the choices made, then `after` steps more in
// which nobody else could have gone. As text, the schedule token and "+N" ("0.1.1.0+2"), the
// "+N" left out when N is 0.
struct SchedulePosition {
  static constexpr int kMostAfter = 1'000'000;

  std::vector<int> choices;
  int after = 0;

  bool operator==(const SchedulePosition&) const = default;
};
std::string position_token(const SchedulePosition& position);
std::optional<SchedulePosition> parse_position_token(std::string_view text, std::string& problem);

}  // namespace racelab
