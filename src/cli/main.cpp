// racelab's command line: runs a scenario natively on the core library and prints its summary.
// Any argument it cannot use ends it with exit code 2 and one line on stderr.

#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/booking.hpp"
#include "core/config.hpp"
#include "core/desk_pool.hpp"
#include "core/names.hpp"
#include "core/race_report.hpp"
#include "core/run.hpp"
#include "core/scenario.hpp"

namespace {

constexpr std::string_view kUsage =
    "usage: racelab run [--scenario NAME] [--workers 1-10000] [--lock KIND]\n"
    "                   [--engine threads|deterministic] [--seed N] [--desks 1-16]\n"
    "                   [--think 0-2000] [--PARAM VALUE ...] [--json] [--races]\n"
    "--races prints the race detector's reports (the JSON always has them)\n"
    "scenarios and their locks and parameters:\n";

struct Command {
  racelab::RunConfig config;
  bool json = false;
  bool races = false;
  bool help = false;
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

// Reads `run` and its flags; returns a message for the first thing that is wrong.
std::optional<std::string> parse_run(const std::vector<std::string_view>& args, Command& command) {
  std::vector<std::pair<std::string, std::string>> settings;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto arg = args[i];
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
    settings.emplace_back(key, value);
  }
  const auto problems = racelab::apply_settings(command.config, settings);
  if (problems.empty()) return std::nullopt;
  const auto& problem = problems.front();
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

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) return fail("missing command; try: racelab run --scenario booking --json");
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage();
    return 0;
  }
  if (args[0] != "run") return fail("unknown command '" + std::string(args[0]) + "'; try: run");

  Command command;
  if (auto problem = parse_run({args.begin() + 1, args.end()}, command)) return fail(*problem);
  if (command.help) {
    print_usage();
    return 0;
  }

  std::optional<racelab::DeskPool> desks;
  if (command.config.engine == racelab::EngineKind::Threads) desks.emplace(command.config.desks);
  auto run = racelab::start_run(command.config, desks ? &*desks : nullptr);
  run->wait();
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
