// racelab's command line: runs a scenario natively on the core library and prints its summary
// (`run`), writes its trace as Chrome Trace Event JSON (`trace`), tries every interleaving of a
// small run (`explore`) or runs the Mutex-against-RWMutex comparison of the page's Metrics panel
// (`sweep`). Any argument it cannot use ends it with exit code 2 and one line on stderr.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/booking.hpp"
#include "core/chrome_trace.hpp"
#include "core/config.hpp"
#include "core/desk_pool.hpp"
#include "core/explore.hpp"
#include "core/names.hpp"
#include "core/race_report.hpp"
#include "core/run.hpp"
#include "core/scenario.hpp"
#include "core/sweep.hpp"

namespace {

constexpr std::string_view kUsage =
    "usage: racelab run [--scenario NAME] [--workers 1-10000] [--lock KIND]\n"
    "                   [--engine threads|deterministic] [--seed N] [--desks 1-16]\n"
    "                   [--think 0-2000] [--PARAM VALUE ...] [--json] [--races]\n"
    "--races prints the race detector's reports (the JSON always has them)\n"
    "   or: racelab trace [the flags of run but --json, --races] --out FILE\n"
    "trace writes the run as Chrome Trace Event JSON for Perfetto (--out - for stdout)\n"
    "   or: racelab sweep [--json]\n"
    "sweep compares mutex and rwmutex on bulletin over reader shares and worker counts\n"
    "   or: racelab explore [the flags of run] [--bound 0-8]\n"
    "explore tries every interleaving with at most --bound preemptions (default 2) on the\n"
    "deterministic engine, up to 8 workers, and prints the shortest failing schedule; run and\n"
    "trace replay one with --schedule TOKEN, or with --schedule-file FILE that holds the token\n"
    "(a long schedule: one argument may hold at most 128 KB on Linux)\n"
    "scenarios and their locks and parameters:\n";

struct Command {
  bool trace = false;                        // `trace`, not `run`
  bool explore = false;                      // `explore`
  std::optional<std::vector<int>> schedule;  // run and trace: the interleaving to replay
  int bound = 2;                             // explore: the most preemptions per schedule
  bool engine_given = false;
  racelab::RunConfig config;
  bool json = false;
  bool races = false;
  bool help = false;
  std::optional<std::string> out;            // trace: the file, "-" for standard output
  std::optional<std::string> schedule_file;  // where --schedule-file read the schedule
};

// Whether any scenario knows the key, so that a flag missing its value is told apart from a
// flag that does not exist.
bool known_key(std::string_view key) {
  for (std::string_view common :
       {"scenario", "workers", "desks", "lock", "engine", "seed", "think"}) {
    if (key == common) return true;
  }
  for (const auto& spec : racelab::scenarios()) {
    if (spec.param(key)) return true;
  }
  return false;
}

int fail(const std::string& message) {
  std::cerr << "racelab: " << message << "\n";
  return 2;
}

void print_usage() {
  std::cout << kUsage;
  for (const auto& spec : racelab::scenarios()) {
    std::cout << "  " << spec.name << ": " << spec.title
              << "\n    locks: " << racelab::lock_kind_list(spec.locks) << "; workers "
              << spec.default_workers << ", think " << spec.default_think_ms << " ms by default\n";
    for (const auto& param : spec.params) {
      std::cout << "    --" << param.key << " " << param.min << "-" << param.max << " ("
                << param.label << ", default " << param.fallback << ")\n";
    }
  }
}

constexpr int kMostExploredWorkers = 8;

// The token a --schedule-file holds, which may be megabytes: more than one argument may be on
// Linux (128 KB). Whitespace around it (the file's last newline) does not count.
std::optional<std::string> read_schedule_file(const std::string& path, std::string& token) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return "cannot read " + path + ": " + std::strerror(errno);
  token.clear();
  char buffer[65536];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0)
    token.append(buffer, got);
  const int error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (error != 0) return "cannot read " + path + ": " + std::strerror(error);
  const auto first = token.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    token.clear();
  } else {
    token = token.substr(first, token.find_last_not_of(" \t\r\n") + 1 - first);
  }
  return std::nullopt;
}

// Reads the flags of `run`, `trace` or `explore`; returns a message for the first thing that is
// wrong.
std::optional<std::string> parse_run(const std::vector<std::string_view>& args, Command& command) {
  std::vector<std::pair<std::string, std::string>> settings;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto arg = args[i];
    if (command.trace && (arg == "--json" || arg == "--races")) {
      return std::string(arg) + " is for run; trace writes its file with --out FILE";
    }
    if (command.trace && (arg == "--out" || arg.substr(0, 6) == "--out=")) {
      if (command.out) return "--out appears more than once";
      if (arg.size() > 5) {
        command.out = std::string(arg.substr(6));
      } else if (i + 1 < args.size()) {
        command.out = std::string(args[++i]);
      } else {
        return "--out needs a file name (or - for standard output)";
      }
      if (command.out->empty()) return "--out needs a file name (or - for standard output)";
      continue;
    }
    if (arg == "--json") {
      command.json = true;
      continue;
    }
    if (arg == "--races") {
      command.races = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      command.help = true;
      return std::nullopt;
    }
    if (arg == "--schedule" || arg == "--bound") {
      if (i + 1 >= args.size()) return std::string(arg) + " needs a value";
      const auto value = args[++i];
      if (arg == "--bound") {
        if (!command.explore) return "--bound is for explore";
        if (value.size() != 1 || value[0] < '0' || value[0] > '8') {
          return "--bound must be a whole number from 0 to 8, not '" + std::string(value) + "'";
        }
        command.bound = value[0] - '0';
        continue;
      }
      if (command.explore) return "--schedule is for run and trace; explore finds schedules";
      if (command.schedule_file) return "give --schedule or --schedule-file, not both";
      if (command.schedule) return "--schedule appears more than once";
      std::string problem;
      command.schedule = racelab::parse_schedule_token(value, problem);
      if (!command.schedule) return problem;
      continue;
    }
    if (arg == "--schedule-file" || arg.substr(0, 16) == "--schedule-file=") {
      std::string_view path;
      if (arg.size() > 15) {
        path = arg.substr(16);
      } else if (i + 1 < args.size()) {
        path = args[++i];
      }
      if (path.empty()) return "--schedule-file needs a file name";
      if (command.explore) {
        return "--schedule-file is for run and trace; explore finds schedules";
      }
      if (command.schedule_file) return "--schedule-file appears more than once";
      if (command.schedule) return "give --schedule or --schedule-file, not both";
      std::string token;
      if (auto problem = read_schedule_file(std::string(path), token)) return problem;
      command.schedule_file = std::string(path);
      std::string problem;
      command.schedule = racelab::parse_schedule_token(token, problem);
      if (!command.schedule) return problem + " (in " + *command.schedule_file + ")";
      continue;
    }
    if (arg.substr(0, 2) != "--" || arg.size() == 2) {
      return "unexpected argument '" + std::string(arg) + "' (see racelab --help)";
    }
    auto key = arg.substr(2);
    std::string_view value;
    if (const auto equals = key.find('='); equals != std::string_view::npos) {
      value = key.substr(equals + 1);
      key = key.substr(0, equals);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else if (known_key(key)) {
      return "--" + std::string(key) + " needs a value";
    } else {
      return "unknown option --" + std::string(key);
    }
    if (key == "engine") command.engine_given = true;
    settings.emplace_back(key, value);
  }
  const auto problems = racelab::apply_settings(command.config, settings);
  if (problems.empty() && command.config.engine == racelab::EngineKind::Step) {
    return std::string(
        "the step engine is the page's, where you pick who goes; here use --engine "
        "deterministic, with --schedule TOKEN to replay a schedule");
  }
  if (problems.empty()) {
    const bool deterministic = command.config.engine == racelab::EngineKind::Deterministic;
    if ((command.explore || command.schedule) && command.engine_given && !deterministic) {
      const char* what = command.explore         ? "explore"
                         : command.schedule_file ? "--schedule-file"
                                                 : "--schedule";
      return std::string(what) +
             " runs on the deterministic engine only: leave --engine out or say deterministic";
    }
    if (command.explore && command.config.workers > kMostExploredWorkers) {
      return "explore is for small runs: at most " + std::to_string(kMostExploredWorkers) +
             " workers, not " + std::to_string(command.config.workers);
    }
    if (command.trace && !command.out && !command.help) {
      return "trace needs --out FILE (or --out - for standard output)";
    }
    return std::nullopt;
  }
  auto problem = problems.front();
  // The page goes on with the first value; the command line stops.
  constexpr std::string_view kPageGoesOn = "; the first one is used";
  if (problem.size() > kPageGoesOn.size() &&
      problem.compare(problem.size() - kPageGoesOn.size(), kPageGoesOn.size(), kPageGoesOn) == 0) {
    problem.resize(problem.size() - kPageGoesOn.size());
  }
  if (problem.rfind("unknown setting '", 0) == 0) {
    return "unknown option --" + problem.substr(17, problem.find('\'', 17) - 17) + " for " +
           command.config.scenario;
  }
  return problem;
}

void print_text(const racelab::Run& run, const racelab::Summary& summary) {
  const auto& config = summary.config;
  std::cout << config.scenario << ", " << config.workers << " workers, lock "
            << racelab::lock_kind_name(config.lock) << ", engine "
            << racelab::engine_name(config.engine) << ", think " << config.think_ms << " ms\n\n";
  if (config.scenario == "booking") {
    const auto page = racelab::calendar_page(run.memory(), config.workers);
    for (int slot = 0; slot < racelab::kSlotCount; ++slot) {
      std::cout << "  " << racelab::slot_label(slot);
      if (!page[slot].empty()) std::cout << "  " << racelab::join_names(page[slot]);
      std::cout << (page[slot].size() > 1 ? "   <- double booked" : "") << "\n";
    }
    std::cout << "\n";
  }
  for (const auto& violation : summary.violations) {
    std::cout << "  violation: " << violation.kind << ": " << violation.detail << "\n";
  }
  std::cout << summary.verdict << "\n";
}

// Writes the finished run's trace where --out says and reports it in one line (none for "-").
int write_trace(const racelab::Run& run, const std::string& path, std::FILE* file) {
  const auto trace = racelab::chrome_trace(run);
  const bool written =
      std::fwrite(trace.json.data(), 1, trace.json.size(), file) == trace.json.size();
  const bool closed = file == stdout ? std::fflush(file) == 0 : std::fclose(file) == 0;
  if (!written || !closed) {
    std::cerr << "racelab: could not write the trace to "
              << (path == "-" ? "standard output" : path) << "\n";
    return 1;
  }
  if (path == "-") return 0;
  const auto& counts = trace.counts;
  std::cout << "wrote " << racelab::counted(counts.slices, "slice", "slices") << " on "
            << racelab::counted(counts.tracks, "worker track", "worker tracks") << " ("
            << racelab::counted(counts.flows, "lock hand-off", "lock hand-offs") << ", "
            << racelab::counted(counts.race_marks, "race mark", "race marks") << ") to " << path
            << "\n";
  return 0;
}

// `racelab sweep`: the comparison the Metrics panel charts, as a table or as JSON.
int sweep(const std::vector<std::string_view>& args) {
  bool json = false;
  for (const auto arg : args) {
    if (arg == "--json") {
      json = true;
    } else {
      return fail("unexpected argument '" + std::string(arg) + "' for sweep; it takes --json only");
    }
  }
  racelab::Sweep comparison;
  while (!comparison.finished())
    comparison.advance(1000.0);

  if (json) {
    std::cout << racelab::sweep_json(comparison.settings(), comparison.points()).dump(2) << "\n";
  } else {
    const auto& settings = comparison.settings();
    std::cout << "bulletin, deterministic, think " << settings.think_ms << " ms, reading "
              << settings.reading_ms << " ms a sheet, seed " << settings.seed << "\n\n"
              << std::left << std::setw(9) << "lock" << std::right << std::setw(7) << "workers"
              << std::setw(9) << "readers" << std::setw(14) << "reads each" << std::setw(9)
              << "updates" << std::setw(19) << "ops per virtual s" << std::setw(12) << "contention"
              << "\n";
    for (const auto& point : comparison.points()) {
      std::cout << std::left << std::setw(9) << racelab::lock_kind_name(point.lock) << std::right
                << std::setw(7) << point.workers << std::setw(8) << point.reader_share << "%"
                << std::setw(14) << point.reads << std::setw(9) << point.updates << std::fixed
                << std::setprecision(0) << std::setw(19) << point.operations_per_second
                << std::setprecision(1) << std::setw(11) << 100.0 * point.contention << "%\n";
    }
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "racelab: could not write the sweep to standard output\n";
    return 1;
  }
  return 0;
}

int explore(const Command& command) {
  racelab::Explorer explorer(command.config, {.bound = command.bound});
  explorer.run_to_end();
  const auto& result = explorer.result();
  const auto& config = command.config;
  nlohmann::json shortest = nullptr;
  std::string replay;
  if (result.shortest_failing) {
    const auto token = racelab::schedule_token(*result.shortest_failing);
    replay = "racelab run --scenario " + config.scenario + " --workers " +
             std::to_string(config.workers) + " --lock " +
             std::string(racelab::lock_kind_name(config.lock)) + " --think " +
             std::to_string(config.think_ms);
    for (const auto& [key, value] : config.params)
      replay += " --" + key + " " + std::to_string(value);
    replay += " --schedule " + token;
    shortest = {{"schedule", token},
                {"steps", result.shortest_steps},
                {"verdict", result.shortest_verdict},
                {"replay", replay}};
  }
  if (command.json) {
    const nlohmann::json out = {{"scenario", config.scenario},
                                {"workers", config.workers},
                                {"lock", racelab::lock_kind_name(config.lock)},
                                {"think", config.think_ms},
                                {"params", config.params},
                                {"bound", command.bound},
                                {"schedules", result.schedules},
                                {"failing", result.failing},
                                {"racing", result.racing},
                                {"deadlocked", result.deadlocked},
                                {"complete", result.complete},
                                {"shortest_failing", shortest}};
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << config.scenario << ", " << racelab::counted(config.workers, "worker", "workers")
              << ", lock " << racelab::lock_kind_name(config.lock) << ", at most "
              << racelab::counted(command.bound, "preemption", "preemptions") << "\n"
              << racelab::counted(result.schedules, "schedule", "schedules") << " tried"
              << (result.complete ? "" : " (stopped before the end)") << ": " << result.failing
              << " broke the invariant, " << result.racing << " raced, " << result.deadlocked
              << " deadlocked\n";
    if (result.shortest_failing) {
      std::cout << (result.complete ? "shortest failing schedule ("
                                    : "shortest failing schedule among those tried (")
                << result.shortest_steps
                << " steps): " << racelab::schedule_token(*result.shortest_failing) << "\n  "
                << result.shortest_verdict << "\nreplay it: " << replay << "\n";
    }
  }
  std::cout.flush();
  return std::cout ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) return fail("missing command; try: racelab run --scenario booking --json");
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage();
    return 0;
  }
  if (args[0] == "sweep") return sweep({args.begin() + 1, args.end()});
  if (args[0] != "run" && args[0] != "trace" && args[0] != "explore") {
    return fail("unknown command '" + std::string(args[0]) +
                "'; try: run, trace, explore or sweep");
  }

  Command command;
  command.trace = args[0] == "trace";
  command.explore = args[0] == "explore";
  if (auto problem = parse_run({args.begin() + 1, args.end()}, command)) return fail(*problem);
  if (command.help) {
    print_usage();
    return 0;
  }

  // The file is opened before the run, so that a path it cannot write fails at once.
  std::FILE* trace_file = nullptr;
  if (command.trace) {
    trace_file = *command.out == "-" ? stdout : std::fopen(command.out->c_str(), "wb");
    if (!trace_file) return fail("cannot write " + *command.out + ": " + std::strerror(errno));
  }

  if (command.explore) return explore(command);

  std::optional<racelab::DeskPool> desks;
  std::unique_ptr<racelab::Run> run;
  if (command.schedule) {
    command.config.engine = racelab::EngineKind::Deterministic;
    auto scheduled = racelab::start_scheduled_run(command.config, *command.schedule);
    scheduled.run->wait();
    if (auto problem = scheduled.problem(); !problem.empty()) {
      if (command.schedule_file) problem += " (in " + *command.schedule_file + ")";
      return fail(problem);
    }
    run = std::move(scheduled.run);
  } else {
    if (command.config.engine == racelab::EngineKind::Threads) {
      desks.emplace(command.config.desks);
    }
    run = racelab::start_run(command.config, desks ? &*desks : nullptr);
    run->wait();
  }
  if (command.trace) return write_trace(*run, *command.out, trace_file);
  const auto summary = run->summary();
  if (command.json) {
    std::cout << racelab::to_json(summary).dump(2) << "\n";
  } else {
    print_text(*run, summary);
  }
  if (command.races) {
    if (!run->races_analysed()) {
      std::cout << "(races are not analysed past " << racelab::RaceDetector::kMaxWorkers
                << " workers)\n";
    }
    for (const auto& race : run->races()) {
      std::cout << racelab::race_report_text(race, run->scenario());
    }
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "racelab: could not write the summary to standard output\n";
    return 1;
  }
  return 0;
}
