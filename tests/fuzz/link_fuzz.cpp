// libFuzzer target for the page's link parser. Whatever bytes a hash holds, racelab::parse_link
// must not crash, must return only problems that are safe to show (UTF-8 of the characters the
// page draws), must leave a config inside its bounds, and must read the link to_link writes for
// that config back unchanged and without a problem. A broken property prints what failed and
// the link, then aborts, which libFuzzer reports as a crash and saves the input for.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/scenario.hpp"
#include "core/shown_text.hpp"

namespace {

using racelab::RunConfig;

// config.cpp's longest sentence, a lock not known for a scenario with the lock types listed and
// the link's text quoted in at most 32 columns (at most 96 bytes of UTF-8, 101 with the quotes
// and the dots), is about 200 bytes. Anything much longer
// quotes the link unshortened.
constexpr std::size_t kMaxProblemLength = 256;

// Bytes as a C string literal would show them, for the failure message.
std::string escaped(std::string_view text) {
  std::string shown;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && c != '\\') {
      shown += c;
    } else {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\x%02x", byte);
      shown += escape;
    }
  }
  return shown;
}

[[noreturn]] void fail(std::string_view link, const std::string& what) {
  std::fprintf(stderr, "link_fuzz: %s\n  link: \"%s\"\n", what.c_str(), escaped(link).c_str());
  std::fflush(stderr);
  std::abort();
}

void check_problem(std::string_view link, const std::string& problem) {
  if (problem.empty()) fail(link, "a problem is empty");
  if (problem.size() > kMaxProblemLength) {
    fail(link, "a problem is " + std::to_string(problem.size()) + " characters long: \"" +
                   escaped(problem) + "\"");
  }
  // Well-formed UTF-8 of characters the page draws (core/shown_text.hpp), nothing else.
  for (std::size_t i = 0; i < problem.size();) {
    const auto lead = static_cast<unsigned char>(problem[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    bool formed = (lead & 0xc0) != 0x80 && lead < 0xf8 && i + length <= problem.size();
    char32_t character = length == 1 ? lead : lead & (0x3f >> (length - 1));
    for (std::size_t k = 1; formed && k < length; ++k) {
      const auto next = static_cast<unsigned char>(problem[i + k]);
      formed = (next & 0xc0) == 0x80;
      character = (character << 6) | (next & 0x3f);
    }
    if (!formed || !racelab::shown_as_is(character)) {
      fail(link,
           "a problem holds a character the page does not show: \"" + escaped(problem) + "\"");
    }
    i += length;
  }
}

bool within(long long value, long long low, long long high) {
  return value >= low && value <= high;
}

void check_bounds(std::string_view link, const RunConfig& config) {
  if (!within(config.workers, RunConfig::kMinWorkers, RunConfig::kMaxWorkers)) {
    fail(link, "workers is " + std::to_string(config.workers));
  }
  if (!within(config.desks, 1, RunConfig::kMaxDesks)) {
    fail(link, "desks is " + std::to_string(config.desks));
  }
  if (!within(config.think_ms, 0, RunConfig::kMaxThinkMs)) {
    fail(link, "think is " + std::to_string(config.think_ms));
  }
  if (config.engine != racelab::EngineKind::Threads &&
      config.engine != racelab::EngineKind::Deterministic) {
    fail(link, "the engine is neither threads nor deterministic");
  }

  const auto* spec = racelab::find_scenario(config.scenario);
  if (!spec) fail(link, "the scenario \"" + escaped(config.scenario) + "\" is not known");
  if (!spec->allows(config.lock)) {
    fail(link, "lock " + std::string(racelab::lock_kind_name(config.lock)) + " does not fit " +
                   config.scenario);
  }

  // Exactly the scenario's parameters, each within its declared range.
  if (config.params.size() != spec->params.size()) {
    fail(link, std::to_string(config.params.size()) + " parameters for " + config.scenario +
                   ", which declares " + std::to_string(spec->params.size()));
  }
  for (const auto& param : spec->params) {
    const auto found = config.params.find(param.key);
    if (found == config.params.end()) {
      fail(link, "parameter " + std::string(param.key) + " is missing");
    }
    if (!within(found->second, param.min, param.max)) {
      fail(link, "parameter " + std::string(param.key) + " is " + std::to_string(found->second));
    }
  }
}

void check_page_bounds(std::string_view link, const racelab::PageSettings& page) {
  if (!within(page.speed, 0, racelab::PageSettings::kMaxSpeed)) {
    fail(link, "speed is " + std::to_string(page.speed));
  }
  if ((page.panels & ~racelab::kAllPanels) != 0) {
    fail(link, "panels has bits " + std::to_string(page.panels));
  }
}

void check_round_trip(std::string_view link, const RunConfig& config,
                      const racelab::PageSettings& page) {
  const auto written = racelab::to_link(config, page);
  const auto reread = racelab::parse_link(written);
  if (!reread.problems.empty()) {
    fail(link, "reading back \"" + escaped(written) + "\" gives the problem \"" +
                   escaped(reread.problems.front()) + "\"");
  }
  if (!(reread.page == page)) {
    fail(link, "reading back \"" + escaped(written) + "\" gives other page settings");
  }
  if (!(reread.config == config)) {
    fail(link, "reading back \"" + escaped(written) + "\" gives another config, \"" +
                   escaped(racelab::to_link(reread.config)) + "\"");
  }
}

// The '#' is optional: a hash without one reads the same as with one.
void check_optional_hash(std::string_view link, const racelab::LinkResult& result) {
  if (!link.empty() && link.front() == '#') return;
  const auto with_hash = racelab::parse_link("#" + std::string(link));
  if (!(with_hash.config == result.config) || !(with_hash.page == result.page) ||
      with_hash.problems != result.problems) {
    fail(link, "the link reads differently with a leading '#'");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view link(reinterpret_cast<const char*>(data), size);
  const auto result = racelab::parse_link(link);

  for (const auto& problem : result.problems)
    check_problem(link, problem);
  check_bounds(link, result.config);
  check_page_bounds(link, result.page);
  check_round_trip(link, result.config, result.page);
  check_optional_hash(link, result);
  return 0;
}
