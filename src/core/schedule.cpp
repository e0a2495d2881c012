#include "core/schedule.hpp"

#include <charconv>

#include "core/config.hpp"

namespace racelab {

std::string schedule_token(const std::vector<int>& choices) {
  if (choices.empty()) return "-";
  std::string token;
  for (const int worker : choices) {
    if (!token.empty()) token += '.';
    token += std::to_string(worker);
  }
  return token;
}

namespace {

std::optional<std::vector<int>> parse_choices(std::string_view text, std::string& problem) {
  constexpr std::size_t kLongest = 1'000'000;
  std::vector<int> choices;
  if (text == "-") return choices;
  if (text.empty() || text.size() > kLongest) {
    problem = text.empty() ? "the schedule is empty (a run with no choices is \"-\")"
                           : "the schedule is longer than a million characters";
    return std::nullopt;
  }
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('.', start), text.size());
    const auto part = text.substr(start, end - start);
    int worker = -1;
    const auto [at, error] = std::from_chars(part.data(), part.data() + part.size(), worker);
    if (part.empty() || error != std::errc() || at != part.data() + part.size() || worker < 0 ||
        worker >= RunConfig::kMaxWorkers) {
      problem = "the schedule must be worker numbers joined by dots, like 0.1.1.0; choice " +
                std::to_string(choices.size() + 1) + " is not one";
      return std::nullopt;
    }
    choices.push_back(worker);
    start = end + 1;
  }
  return choices;
}

}  // namespace

std::optional<std::vector<int>> parse_schedule_token(std::string_view text, std::string& problem) {
  auto position = parse_position_token(text, problem);
  if (!position) return std::nullopt;
  return std::move(position->choices);
}

std::string position_token(const SchedulePosition& position) {
  auto token = schedule_token(position.choices);
  if (position.after > 0) token += "+" + std::to_string(position.after);
  return token;
}

std::optional<SchedulePosition> parse_position_token(std::string_view text, std::string& problem) {
  SchedulePosition position;
  const auto plus = text.find('+');
  if (plus != std::string_view::npos) {
    const auto count = text.substr(plus + 1);
    const auto [at, error] =
        std::from_chars(count.data(), count.data() + count.size(), position.after);
    if (count.empty() || error != std::errc() || at != count.data() + count.size() ||
        position.after < 0 || position.after > SchedulePosition::kMostAfter) {
      problem = "the schedule's ending after + must be a number of steps from 0 to " +
                std::to_string(SchedulePosition::kMostAfter);
      return std::nullopt;
    }
    text = text.substr(0, plus);
  }
  auto choices = parse_choices(text, problem);
  if (!choices) return std::nullopt;
  position.choices = std::move(*choices);
  return position;
}

}  // namespace racelab
