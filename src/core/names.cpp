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

}  // namespace racelab
