#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lock.hpp"

namespace racelab {

// Everything that defines a run. One definition of the keys, their bounds and their defaults
// serves the CLI's flags and the page's link alike.
struct RunConfig {
  static constexpr int kMinWorkers = 1;
  static constexpr int kMaxWorkers = 64;
  static constexpr int kMaxThinkMs = 2000;

  std::string scenario = "booking";
  int workers = 2;
  LockKind lock = LockKind::None;
  std::string engine = "threads";
  std::uint64_t seed = 1;
  int think_ms = 20;

  bool operator==(const RunConfig&) const = default;
};

// Sets one key from its text form. Returns a message naming the key and what is wrong when the
// key is unknown or the value is not valid for it; the config is then unchanged.
std::optional<std::string> apply_setting(RunConfig& config, std::string_view key,
                                         std::string_view value);

// The keys apply_setting knows, in link order.
const std::vector<std::string_view>& setting_keys();

struct LinkResult {
  RunConfig config;                   // defaults wherever the link was bad
  std::vector<std::string> problems;  // one readable sentence per problem, safe to display
};

// Reads a link's hash ("#scenario=booking&workers=2…", the '#' optional). Never throws; anything
// it cannot use becomes a problem and leaves the default in place.
LinkResult parse_link(std::string_view hash);

// The readable hash for a config, starting with '#'.
std::string to_link(const RunConfig& config);

// Longest hash parse_link reads; longer ones are refused whole.
inline constexpr std::size_t kMaxLinkLength = 4096;

}  // namespace racelab
