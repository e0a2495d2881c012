#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/lock.hpp"

namespace racelab {

// Step: the visitor is the scheduler, picking who performs the next request; on the
// deterministic engine's machinery, one request at a time.
enum class EngineKind { Threads, Deterministic, Step };

std::string_view engine_name(EngineKind engine);
// Whether runs on the engine count virtual time (every engine but threads).
inline bool virtual_time(EngineKind engine) {
  return engine != EngineKind::Threads;
}

// The default number of desks, written into every link that does not name them: 4, or the
// hardware threads when there are fewer. 0 hardware threads: not known, or a build without
// threads, whose links must still open on the full page as they would have been made there.
inline constexpr int kDefaultDesks = 4;
int default_desks(unsigned hardware_threads);
// default_desks for this build on this machine.
int default_desks();

// Everything that defines a run. One definition of the keys, their bounds and their defaults
// serves the CLI's flags and the page's link alike.
struct RunConfig {
  static constexpr int kMinWorkers = 1;
  static constexpr int kMaxWorkers = 10'000;
  static constexpr int kMaxDesks = 16;
  static constexpr int kMaxThinkMs = 2000;
  // The step engine shows every worker's program: a handful fit.
  static constexpr int kMaxStepWorkers = 8;

  std::string scenario = "booking";
  int workers = 2;
  int desks = default_desks();
  LockKind lock = LockKind::None;
  EngineKind engine = EngineKind::Threads;
  std::uint64_t seed = 1;
  int think_ms = 20;
  std::map<std::string, int, std::less<>> params;  // the scenario's own, all present
  // The step engine's position: the visitor's choices so far, as a position token
  // ("0.1.1.0+2", see schedule.hpp); empty before the first step and on other engines.
  std::string schedule;

  // The defaults of a scenario: its workers, think time and parameters.
  static RunConfig for_scenario(std::string_view scenario);

  int param(std::string_view key) const;

  bool operator==(const RunConfig&) const = default;
};

// Sets one key from its text form, against the config's current scenario. Returns a message
// naming the key and what is wrong when the key is unknown or the value is not valid for it; the
// config is then unchanged. Setting `scenario` resets everything to that scenario's defaults.
std::optional<std::string> apply_setting(RunConfig& config, std::string_view key,
                                         std::string_view value);

// Applies many settings, `scenario` first wherever it stands, each key once (a repeat is a
// problem and the first value counts). Then a parameter that may not exceed the workers and does
// is a problem and goes back to its default. Returns one message per problem.
std::vector<std::string> apply_settings(
    RunConfig& config, const std::vector<std::pair<std::string, std::string>>& settings);

// The panels of the full page that can be folded away, as the link names them.
enum class Panel : std::uint32_t { Floor = 1, Races = 2, Metrics = 4, Timeline = 8, Explain = 16 };
inline constexpr std::uint32_t kAllPanels = 31;
std::string_view panel_name(Panel panel);
// In the order the page shows them.
inline constexpr Panel kPanels[] = {Panel::Explain, Panel::Floor, Panel::Timeline, Panel::Races,
                                    Panel::Metrics};

// The page's own settings, carried by its link beside the run's: they change what the visitor
// sees, never what a run does.
struct PageSettings {
  static constexpr int kMaxSpeed = 100'000;

  int speed = 0;                      // deterministic steps per second; 0: as fast as it goes
  std::uint32_t panels = kAllPanels;  // which panels are open, Panel bits
  bool autorun = false;               // start a run as soon as the link is opened

  bool open(Panel panel) const { return (panels & static_cast<std::uint32_t>(panel)) != 0; }
  void set_open(Panel panel, bool open);

  bool operator==(const PageSettings&) const = default;
};

struct LinkResult {
  RunConfig config;                   // defaults wherever the link was bad
  PageSettings page;                  // likewise
  std::vector<std::string> problems;  // one readable sentence per problem, safe to display
};

// Reads a link's hash ("#scenario=booking&workers=2…", the '#' optional). Never throws; anything
// it cannot use becomes a problem and leaves the default in place.
LinkResult parse_link(std::string_view hash);

// The readable hash for a config, starting with '#'; with the page's settings after the run's.
std::string to_link(const RunConfig& config);
std::string to_link(const RunConfig& config, const PageSettings& page);

// Longest hash parse_link reads; longer ones are refused whole.
inline constexpr std::size_t kMaxLinkLength = 4096;

}  // namespace racelab
