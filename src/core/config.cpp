#include "core/config.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <thread>

#include "core/scenario.hpp"
#include "core/schedule.hpp"
#include "core/shown_text.hpp"

namespace racelab {

namespace {

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
           std::to_string(high) + std::string(unit) + ", not " + shown_text(value);
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

// The keys a list of settings has named so far, to report repeats: each repeated key once,
// however often it comes back.
class SeenKeys {
 public:
  // True when `key` is new. Otherwise false, and the first repeat of it adds a problem.
  bool first(std::string_view key, std::vector<std::string>& problems) {
    if (std::find(seen_.begin(), seen_.end(), key) == seen_.end()) {
      seen_.push_back(key);
      return true;
    }
    if (std::find(repeated_.begin(), repeated_.end(), key) == repeated_.end()) {
      repeated_.push_back(key);
      problems.push_back(shown_text(key) + " appears more than once; the first one is used");
    }
    return false;
  }

 private:
  std::vector<std::string_view> seen_;
  std::vector<std::string_view> repeated_;
};

}  // namespace

std::string_view engine_name(EngineKind engine) {
  switch (engine) {
    case EngineKind::Threads: return "threads";
    case EngineKind::Deterministic: return "deterministic";
    case EngineKind::Step: return "step";
  }
  return "?";
}

int default_desks(unsigned hardware_threads) {
  if (hardware_threads == 0) return kDefaultDesks;
  return static_cast<int>(std::min<unsigned>(hardware_threads, kDefaultDesks));
}

int default_desks() {
#ifdef RACELAB_NO_THREADS
  // One thread here, the page's own: it says nothing of the machine the link is opened on.
  return default_desks(0);
#else
  return default_desks(std::thread::hardware_concurrency());
#endif
}

RunConfig RunConfig::for_scenario(std::string_view scenario) {
  RunConfig config;
  const auto* spec = find_scenario(scenario);
  if (!spec) return config;
  config.scenario = spec->name;
  config.workers = spec->default_workers;
  config.think_ms = spec->default_think_ms;
  // No lock is the default where the scenario offers it; the deadlock scenarios do not.
  if (!spec->allows(config.lock)) config.lock = spec->locks.front();
  for (const auto& param : spec->params)
    config.params[std::string(param.key)] = param.fallback;
  return config;
}

int RunConfig::param(std::string_view key) const {
  const auto found = params.find(key);
  assert(found != params.end() && "a parameter the scenario does not declare");
  return found->second;
}

std::optional<std::string> apply_setting(RunConfig& config, std::string_view key,
                                         std::string_view value) {
  const auto* spec = find_scenario(config.scenario);
  assert(spec && "the config's scenario is always a known one");
  if (key == "scenario") {
    if (!find_scenario(value)) {
      return "scenario " + shown_text(value) + " is not known; choose one of " + scenario_list();
    }
    const auto keep_engine = config.engine;
    const auto keep_seed = config.seed;
    const auto keep_desks = config.desks;
    config = RunConfig::for_scenario(value);
    config.engine = keep_engine;
    config.seed = keep_seed;
    config.desks = keep_desks;
    return std::nullopt;
  }
  if (key == "workers") {
    return set_bounded(config.workers, key, value, RunConfig::kMinWorkers, RunConfig::kMaxWorkers,
                       "");
  }
  if (key == "desks") {
    return set_bounded(config.desks, key, value, 1, RunConfig::kMaxDesks, "");
  }
  if (key == "lock") {
    const auto kind = parse_lock_kind(value);
    if (!kind || !spec->allows(*kind)) {
      return "lock " + shown_text(value) + (kind ? " does not fit " : " is not known for ") +
             std::string(spec->name) + "; choose one of " + lock_kind_list(spec->locks);
    }
    config.lock = *kind;
    return std::nullopt;
  }
  if (key == "engine") {
    if (value == "threads") {
      config.engine = EngineKind::Threads;
    } else if (value == "deterministic") {
      config.engine = EngineKind::Deterministic;
    } else if (value == "step") {
      config.engine = EngineKind::Step;
    } else {
      return "engine " + shown_text(value) + " is not known; choose threads, deterministic or step";
    }
    return std::nullopt;
  }
  if (key == "seed") {
    const auto seed = parse_integer<std::uint64_t>(value);
    if (!seed) return "seed must be a whole number of 0 or more, not " + shown_text(value);
    config.seed = *seed;
    return std::nullopt;
  }
  if (key == "schedule") {
    std::string problem;
    if (value.empty()) {
      config.schedule.clear();
      return std::nullopt;
    }
    if (!parse_position_token(value, problem))
      return "schedule " + shown_text(value) + ": " + problem;
    config.schedule = std::string(value);
    return std::nullopt;
  }
  if (key == "think") {
    return set_bounded(config.think_ms, key, value, 0, RunConfig::kMaxThinkMs, " ms");
  }
  if (const auto* param = spec->param(key)) {
    int parsed = 0;
    if (auto problem = set_bounded(parsed, key, value, param->min, param->max, "")) return problem;
    config.params[std::string(param->key)] = parsed;
    return std::nullopt;
  }
  return "unknown setting " + shown_text(key) + " for " + std::string(spec->name);
}

namespace {

// The bounds that depend on another key, checked once every key is in, whatever their order.
void check_params_against_workers(RunConfig& config, std::vector<std::string>& problems) {
  const auto* spec = find_scenario(config.scenario);
  for (const auto& param : spec->params) {
    auto& value = config.params[std::string(param.key)];
    const int highest = param.highest(config.workers);
    if (value <= highest) continue;
    problems.push_back(std::string(param.key) + " must be a whole number from " +
                       std::to_string(param.min) + " to the " + std::to_string(highest) +
                       (highest == 1 ? " worker" : " workers") + ", not " + std::to_string(value));
    assert(param.fallback <= RunConfig::kMinWorkers && "a default that fits any run");
    value = param.fallback;
  }
}

// The step engine takes few workers, and only it has a schedule.
void check_step_engine(RunConfig& config, std::vector<std::string>& problems) {
  if (config.engine == EngineKind::Step && config.workers > RunConfig::kMaxStepWorkers) {
    problems.push_back("the step engine shows every worker's program: at most " +
                       std::to_string(RunConfig::kMaxStepWorkers) + " workers, not " +
                       std::to_string(config.workers) + "; using " +
                       std::to_string(RunConfig::kMaxStepWorkers));
    config.workers = RunConfig::kMaxStepWorkers;
  }
  if (config.engine != EngineKind::Step && !config.schedule.empty()) {
    problems.push_back("a schedule is for the step engine (engine=step); it was ignored");
    config.schedule.clear();
  }
}

}  // namespace

std::vector<std::string> apply_settings(
    RunConfig& config, const std::vector<std::pair<std::string, std::string>>& settings) {
  std::vector<std::string> problems;
  SeenKeys seen;
  std::vector<const std::pair<std::string, std::string>*> ordered;
  for (const auto& setting : settings) {
    if (!seen.first(setting.first, problems)) continue;
    // The scenario decides which other keys and values are valid, so it goes first.
    if (setting.first == "scenario") {
      ordered.insert(ordered.begin(), &setting);
    } else {
      ordered.push_back(&setting);
    }
  }
  for (const auto* setting : ordered) {
    if (auto problem = apply_setting(config, setting->first, setting->second)) {
      problems.push_back(std::move(*problem));
    }
  }
  check_step_engine(config, problems);
  check_params_against_workers(config, problems);
  return problems;
}

std::string_view panel_name(Panel panel) {
  switch (panel) {
    case Panel::Floor: return "floor";
    case Panel::Races: return "races";
    case Panel::Metrics: return "metrics";
    case Panel::Timeline: return "timeline";
    case Panel::Explain: return "explain";
  }
  return "?";
}

void PageSettings::set_open(Panel panel, bool open) {
  const auto bit = static_cast<std::uint32_t>(panel);
  panels = open ? panels | bit : panels & ~bit;
}

namespace {

std::string panel_list() {
  std::string list;
  for (auto panel : kPanels)
    list += std::string(list.empty() ? "" : ", ") + std::string(panel_name(panel));
  return list + " or none";
}

// "floor,metrics", "none": the open panels. A problem for an empty list, and one for each name
// that is not a panel and each panel named twice (once each, however often it comes back);
// with any of them `panels` is unchanged.
std::vector<std::string> parse_panels(std::string_view text, std::uint32_t& panels) {
  const auto expected = panel_list() + ", separated by commas";
  if (text.empty()) return {"panels is empty; list " + expected};
  if (text == "none") {
    panels = 0;
    return {};
  }
  std::vector<std::string> problems;
  std::vector<std::string_view> reported;
  const auto report = [&](std::string_view name, std::string problem) {
    if (std::find(reported.begin(), reported.end(), name) != reported.end()) return;
    reported.push_back(name);
    problems.push_back(std::move(problem));
  };
  std::uint32_t parsed = 0;
  for (std::string_view rest = text;;) {
    const auto comma = rest.find(',');
    const auto name = rest.substr(0, comma);
    const auto* found = std::find_if(std::begin(kPanels), std::end(kPanels),
                                     [&](Panel panel) { return panel_name(panel) == name; });
    if (found == std::end(kPanels)) {
      report(name, "panels must list " + expected + ", not " + shown_text(name));
    } else if ((parsed & static_cast<std::uint32_t>(*found)) != 0) {
      report(name, "panels names " + shown_text(name) + " more than once");
    } else {
      parsed |= static_cast<std::uint32_t>(*found);
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (problems.empty()) panels = parsed;
  return problems;
}

// The page's keys: their problems (none when the value is used); nullopt when `key` is not one
// of them.
std::optional<std::vector<std::string>> apply_page_setting(PageSettings& page, std::string_view key,
                                                           std::string_view value) {
  if (key == "speed") {
    auto problem = set_bounded(page.speed, key, value, 0, PageSettings::kMaxSpeed,
                               " steps per second (0: full speed)");
    if (problem) return std::vector<std::string>{std::move(*problem)};
    return std::vector<std::string>();
  }
  if (key == "panels") {
    return parse_panels(value, page.panels);
  }
  if (key == "autorun") {
    if (value == "0" || value == "1") {
      page.autorun = value == "1";
      return std::vector<std::string>();
    }
    return std::vector<std::string>{"autorun must be 0 or 1, not " + shown_text(value)};
  }
  return std::nullopt;
}

}  // namespace

LinkResult parse_link(std::string_view hash) {
  LinkResult result;
  if (!hash.empty() && hash.front() == '#') hash.remove_prefix(1);
  if (hash.size() > kMaxLinkLength) {
    result.problems.push_back("the link is " + std::to_string(hash.size()) +
                              " characters long, more than " + std::to_string(kMaxLinkLength) +
                              "; all settings are at their defaults");
    return result;
  }

  std::vector<std::pair<std::string, std::string>> settings;
  bool nameless = false;
  while (!hash.empty()) {
    const auto amp = hash.find('&');
    const auto pair = hash.substr(0, amp);
    hash = amp == std::string_view::npos ? std::string_view() : hash.substr(amp + 1);
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    if (equals == 0) {
      if (!nameless) result.problems.push_back("a setting with no name was ignored");
      nameless = true;
      continue;
    }
    settings.emplace_back(
        percent_decode(pair.substr(0, equals)),
        equals == std::string_view::npos ? std::string() : percent_decode(pair.substr(equals + 1)));
  }
  // The page's keys first; the run's go on to apply_settings, which checks their repeats.
  std::vector<std::pair<std::string, std::string>> run_settings;
  SeenKeys page_keys_seen;
  for (const auto& [key, value] : settings) {
    PageSettings page = result.page;
    auto outcome = apply_page_setting(page, key, value);
    if (!outcome) {
      run_settings.emplace_back(key, value);
    } else if (page_keys_seen.first(key, result.problems)) {
      if (outcome->empty()) result.page = page;
      for (auto& problem : *outcome)
        result.problems.push_back(std::move(problem));
    }
  }
  for (auto& problem : apply_settings(result.config, run_settings)) {
    result.problems.push_back(std::move(problem));
  }
  return result;
}

std::string to_link(const RunConfig& config) {
  std::string link = "#scenario=" + config.scenario;
  link += "&workers=" + std::to_string(config.workers);
  link += "&lock=" + std::string(lock_kind_name(config.lock));
  link += "&engine=" + std::string(engine_name(config.engine));
  link += "&desks=" + std::to_string(config.desks);
  link += "&seed=" + std::to_string(config.seed);
  link += "&think=" + std::to_string(config.think_ms);
  for (const auto& [key, value] : config.params)
    link += "&" + key + "=" + std::to_string(value);
  if (!config.schedule.empty()) link += "&schedule=" + config.schedule;
  return link;
}

std::string to_link(const RunConfig& config, const PageSettings& page) {
  std::string link = to_link(config) + "&speed=" + std::to_string(page.speed) + "&panels=";
  std::string panels;
  for (auto panel : kPanels) {
    if (page.open(panel))
      panels += std::string(panels.empty() ? "" : ",") + std::string(panel_name(panel));
  }
  link += panels.empty() ? "none" : panels;
  if (page.autorun) link += "&autorun=1";
  return link;
}

}  // namespace racelab
