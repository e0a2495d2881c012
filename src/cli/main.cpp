// racelab's command line: runs a scenario natively on the core library and prints its summary.
// Any argument it cannot use ends it with exit code 2 and one line on stderr.

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/booking.hpp"
#include "core/config.hpp"
#include "core/desk_pool.hpp"
#include "core/names.hpp"
#include "core/threads_run.hpp"

namespace {

constexpr std::string_view kUsage =
    "usage: racelab run [--scenario booking] [--workers 1-64] [--lock none|mutex]\n"
    "                   [--think 0-2000] [--engine threads] [--seed N] [--json]\n";

struct Command {
  racelab::RunConfig config;
  bool json = false;
};

int fail(const std::string& message) {
  std::cerr << "racelab: " << message << "\n";
  return 2;
}

// Reads `run` and its flags; returns a message for the first thing that is wrong.
std::optional<std::string> parse_run(const std::vector<std::string_view>& args, Command& command) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto arg = args[i];
    if (arg == "--json") {
      command.json = true;
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
    } else {
      return "--" + std::string(key) + " needs a value";
    }
    if (auto problem = racelab::apply_setting(command.config, key, value)) {
      return problem->rfind("unknown setting", 0) == 0 ? "unknown option --" + std::string(key)
                                                       : *problem;
    }
  }
  return std::nullopt;
}

void print_text(const racelab::ThreadsRun& run, const racelab::Summary& summary) {
  const auto page = run.calendar();
  std::cout << "booking, " << summary.config.workers << " workers, lock "
            << racelab::lock_kind_name(summary.config.lock) << ", think " << summary.config.think_ms
            << " ms\n\n";
  for (int slot = 0; slot < racelab::kSlotCount; ++slot) {
    std::cout << "  " << racelab::slot_label(slot) << "  ";
    for (std::size_t i = 0; i < page[slot].size(); ++i) {
      std::cout << (i ? ", " : "") << racelab::worker_name(page[slot][i]);
    }
    std::cout << (page[slot].size() > 1 ? "   <- double booked" : "") << "\n";
  }
  std::cout << "\n" << summary.verdict << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) return fail("missing command; try: racelab run --scenario booking --json");
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (args[0] != "run") return fail("unknown command '" + std::string(args[0]) + "'; try: run");

  Command command;
  if (auto problem = parse_run({args.begin() + 1, args.end()}, command)) return fail(*problem);

  racelab::DeskPool desks(command.config.workers);
  racelab::ThreadsRun run(command.config, desks);
  run.wait();
  const auto summary = run.summary();
  if (command.json) {
    std::cout << racelab::to_json(summary).dump(2) << "\n";
  } else {
    print_text(run, summary);
  }
  return 0;
}
