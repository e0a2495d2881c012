#include "core/names.hpp"

#include <array>
#include <cassert>
#include <string_view>

namespace racelab {

namespace {

constexpr std::array<std::string_view, 26> kFirstNames = {
    "Alice", "Bob",   "Carol",  "Dave",    "Erin",  "Frank",  "Grace", "Heidi", "Ivan",
    "Judy",  "Ken",   "Laura",  "Mallory", "Nina",  "Oscar",  "Peggy", "Quinn", "Rupert",
    "Sybil", "Trent", "Ursula", "Victor",  "Wendy", "Xavier", "Yara",  "Zoe"};

}  // namespace

std::string worker_name(int worker) {
  assert(worker >= 0 && "worker indices start at 0");
  const auto round = worker / static_cast<int>(kFirstNames.size());
  std::string name(kFirstNames[worker % kFirstNames.size()]);
  if (round > 0) name.append(" ").append(std::to_string(round + 1));
  return name;
}

std::string join_names(const std::vector<int>& workers, std::size_t shown) {
  std::string text;
  const auto listed = workers.size() > shown ? shown : workers.size();
  const auto others = workers.size() - listed;
  for (std::size_t i = 0; i < listed; ++i) {
    if (i > 0) text += (i + 1 == listed && others == 0) ? " and " : ", ";
    text += worker_name(workers[i]);
  }
  if (others > 0) text += " and " + std::to_string(others) + " others";
  return text;
}

std::string counted(std::int64_t count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

}  // namespace racelab
