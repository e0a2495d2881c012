#include "core/config.hpp"

#include <algorithm>
#include <charconv>

namespace racelab {

namespace {

// Text from a link or a command line, made safe to show: printable ASCII only, and short.
std::string quoted(std::string_view text) {
  constexpr std::size_t kShown = 32;
  std::string shown;
  for (char c : text.substr(0, kShown)) {
    const auto byte = static_cast<unsigned char>(c);
    shown += (byte >= 0x20 && byte < 0x7f) ? c : '?';
  }
  if (text.size() > kShown) shown += "...";
  return "'" + shown + "'";
}

template <typename Integer>
std::optional<Integer> parse_integer(std::string_view text) {
  Integer value{};
  const auto* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

std::optional<std::string> set_bounded(int& target, std::string_view key, std::string_view value,
                                       int low, int high, std::string_view unit) {
  const auto parsed = parse_integer<long long>(value);
  if (!parsed || *parsed < low || *parsed > high) {
    return std::string(key) + " must be a whole number from " + std::to_string(low) + " to " +
           std::to_string(high) + std::string(unit) + ", not " + quoted(value);
  }
  target = static_cast<int>(*parsed);
  return std::nullopt;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding as browsers produce it; a broken escape is kept as it stands.
std::string percent_decode(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = hex_digit(text[i + 1]);
      const int low = hex_digit(text[i + 2]);
      if (high >= 0 && low >= 0) {
        decoded += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    decoded += text[i];
  }
  return decoded;
}

}  // namespace

const std::vector<std::string_view>& setting_keys() {
  static const std::vector<std::string_view> keys = {"scenario", "workers", "lock",
                                                     "engine",   "seed",    "think"};
  return keys;
}

std::optional<std::string> apply_setting(RunConfig& config, std::string_view key,
                                         std::string_view value) {
  if (key == "scenario") {
    if (value != "booking") return "scenario " + quoted(value) + " is not known; try booking";
    config.scenario = value;
    return std::nullopt;
  }
  if (key == "workers") {
    return set_bounded(config.workers, key, value, RunConfig::kMinWorkers, RunConfig::kMaxWorkers,
                       "");
  }
  if (key == "lock") {
    const auto kind = parse_lock_kind(value);
    if (!kind) {
      return "lock " + quoted(value) + " is not known; choose one of " +
             std::string(lock_kind_choices());
    }
    config.lock = *kind;
    return std::nullopt;
  }
  if (key == "engine") {
    if (value != "threads") return "engine " + quoted(value) + " is not available; use threads";
    config.engine = value;
    return std::nullopt;
  }
  if (key == "seed") {
    const auto seed = parse_integer<std::uint64_t>(value);
    if (!seed) return "seed must be a whole number of 0 or more, not " + quoted(value);
    config.seed = *seed;
    return std::nullopt;
  }
  if (key == "think") {
    return set_bounded(config.think_ms, key, value, 0, RunConfig::kMaxThinkMs, " ms");
  }
  return "unknown setting " + quoted(key);
}

LinkResult parse_link(std::string_view hash) {
  LinkResult result;
  if (!hash.empty() && hash.front() == '#') hash.remove_prefix(1);
  if (hash.size() > kMaxLinkLength) {
    result.problems.push_back("the link is " + std::to_string(hash.size()) +
                              " characters long, more than " + std::to_string(kMaxLinkLength) +
                              "; all settings are at their defaults");
    return result;
  }

  std::vector<std::string> seen;
  while (!hash.empty()) {
    const auto amp = hash.find('&');
    const auto pair = hash.substr(0, amp);
    hash = amp == std::string_view::npos ? std::string_view() : hash.substr(amp + 1);
    if (pair.empty()) continue;

    const auto equals = pair.find('=');
    const auto key = percent_decode(pair.substr(0, equals));
    const auto value =
        equals == std::string_view::npos ? std::string() : percent_decode(pair.substr(equals + 1));
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      result.problems.push_back(quoted(key) + " appears more than once; the first one is used");
      continue;
    }
    seen.push_back(key);
    if (auto problem = apply_setting(result.config, key, value)) {
      result.problems.push_back(std::move(*problem));
    }
  }
  return result;
}

std::string to_link(const RunConfig& config) {
  return "#scenario=" + config.scenario + "&workers=" + std::to_string(config.workers) +
         "&lock=" + std::string(lock_kind_name(config.lock)) + "&engine=" + config.engine +
         "&seed=" + std::to_string(config.seed) + "&think=" + std::to_string(config.think_ms);
}

}  // namespace racelab
