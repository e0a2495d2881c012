// Runs the real racelab binary, as a user or a script would.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace {

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

Result run_cli(const std::string& arguments) {
  // One file per test process: ctest -j runs several at once.
  const std::string err_file =
      testing::TempDir() + "racelab_cli_stderr_" + std::to_string(getpid()) + ".txt";
  const std::string command = std::string(RACELAB_CLI) + " " + arguments + " 2>" + err_file;
  Result result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer;
  for (std::size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    result.out.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (FILE* err = fopen(err_file.c_str(), "r")) {
    for (std::size_t n; (n = fread(buffer.data(), 1, buffer.size(), err)) > 0;) {
      result.err.append(buffer.data(), n);
    }
    fclose(err);
  }
  return result;
}

int line_count(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(Cli, JsonSummaryFollowsTheSchema) {
  const auto result = run_cli("run --scenario booking --workers 3 --lock mutex --think 1 --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto summary = nlohmann::json::parse(result.out);
  EXPECT_EQ(summary["scenario"], "booking");
  EXPECT_EQ(summary["lock"], "mutex");
  EXPECT_EQ(summary["engine"], "threads");
  EXPECT_EQ(summary["workers"], 3);
  EXPECT_GE(summary["desks"], 1);
  EXPECT_EQ(summary["finished"], true);
  EXPECT_TRUE(summary["violations"].is_array());
  EXPECT_TRUE(summary["violations"].empty());
  EXPECT_GT(summary["metrics"]["operations"].get<int>(), 0);
  ASSERT_EQ(summary["outcome"]["slots"].size(), 9u);
  EXPECT_EQ(summary["outcome"]["slots"][1]["slot"], "10:00");
  EXPECT_EQ(summary["outcome"]["slots"][1]["names"].size(), 1u);
}

// Regression: a deterministic run said "desks": 1 while its link kept desks=2.
TEST(Cli, DesksAreTheConfiguredOnesAndDesksUsedWhatTheEngineRanOn) {
  const auto deterministic = run_cli("run --engine deterministic --desks 2 --think 0 --json");
  ASSERT_EQ(deterministic.exit_code, 0) << deterministic.err;
  const auto replayed = nlohmann::json::parse(deterministic.out);
  EXPECT_EQ(replayed["desks"], 2);
  EXPECT_EQ(replayed["desks_used"], 1);
  EXPECT_NE(replayed["link"].get<std::string>().find("&desks=2&"), std::string::npos);

  const auto threads = run_cli("run --engine threads --desks 3 --think 0 --json");
  ASSERT_EQ(threads.exit_code, 0) << threads.err;
  const auto threaded = nlohmann::json::parse(threads.out);
  EXPECT_EQ(threaded["desks"], 3);
  EXPECT_EQ(threaded["desks_used"], 3);
}

TEST(Cli, DoubleBookingIsAViolationPerSlot) {
  // Two workers, no lock, a long think: both see 10:00 free.
  const auto result = run_cli("run --scenario booking --workers 2 --lock none --think 30 --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto summary = nlohmann::json::parse(result.out);
  ASSERT_EQ(summary["violations"].size(), 1u);
  EXPECT_EQ(summary["violations"][0]["kind"], "double-booking");
  EXPECT_EQ(summary["violations"][0]["detail"], "Alice and Bob both hold 10:00");
  EXPECT_EQ(summary["outcome"]["slots"][1]["names"].size(), 2u);
}

TEST(Cli, TextOutputShowsTheCalendarAndVerdict) {
  const auto result = run_cli("run --workers=2 --lock=mutex --think=0");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("10:00"), std::string::npos);
  EXPECT_NE(result.out.find("No double booking"), std::string::npos) << result.out;
}

TEST(Cli, HelpAfterRunExitsZeroToo) {
  const auto result = run_cli("run --help");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("flash-sale"), std::string::npos);
}

TEST(Cli, DeterministicRunsRepeatExactly) {
  const auto first = run_cli("run --scenario pool --engine deterministic --seed 9 --json");
  const auto second = run_cli("run --scenario pool --engine deterministic --seed 9 --json");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, second.out);
  EXPECT_FALSE(nlohmann::json::parse(first.out)["violations"].empty());
}

TEST(Cli, AFullOutputIsAnError) {
  const auto result = run_cli("run --think 0 --json >/dev/full");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("could not write"), std::string::npos);
}

TEST(Cli, ATraceThatCannotBeWrittenIsAnError) {
  const auto result = run_cli("trace --think 0 --out /dev/full");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(line_count(result.err), 1) << result.err;
  EXPECT_NE(result.err.find("could not write the trace to /dev/full"), std::string::npos);
}

TEST(Cli, RacesPrintsReportsInGoLayout) {
  const auto result = run_cli("run --scenario booking --engine deterministic --seed 3 --races");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("WARNING: DATA RACE"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Previous read of the 10:00 slot by"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("no receptionist between them"), std::string::npos);
  const auto locked = run_cli("run --lock mutex --engine deterministic --races");
  EXPECT_EQ(locked.out.find("WARNING: DATA RACE"), std::string::npos) << locked.out;
}

TEST(Cli, TraceWritesChromeTraceJsonAndSaysWhatItWrote) {
  const std::string path = testing::TempDir() + "racelab_cli_trace.json";
  std::remove(path.c_str());
  const auto result = run_cli("trace --scenario booking --lock mutex --workers 3 --think 1 --out " +
                              path + " --engine deterministic --seed 2");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(line_count(result.out), 1) << result.out;
  EXPECT_NE(result.out.find("slices on 3 worker tracks"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(path), std::string::npos) << result.out;
  std::ifstream file(path);
  const auto trace = nlohmann::json::parse(file);
  ASSERT_TRUE(trace["traceEvents"].is_array());
  EXPECT_GT(trace["traceEvents"].size(), 9u);
  EXPECT_EQ(trace["otherData"]["scenario"], "booking");
  EXPECT_EQ(trace["otherData"]["link"].get<std::string>().rfind(
                "#scenario=booking&workers=3&lock=mutex&engine=deterministic", 0),
            0u);
}

TEST(Cli, TraceToStandardOutputPrintsOnlyTheJson) {
  const auto result = run_cli("trace --engine deterministic --out -");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto trace = nlohmann::json::parse(result.out);
  EXPECT_EQ(trace["displayTimeUnit"], "ns");
}

TEST(Cli, HelpExitsZero) {
  const auto result = run_cli("--help");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("usage: racelab run"), std::string::npos);
}

TEST(Cli, ExploreFindsTheDoubleBookingAndItsScheduleReplays) {
  const auto found = run_cli("explore --scenario booking --workers 2 --lock none --json");
  ASSERT_EQ(found.exit_code, 0) << found.err;
  const auto report = nlohmann::json::parse(found.out);
  EXPECT_EQ(report["bound"], 2);
  EXPECT_TRUE(report["complete"]);
  EXPECT_GT(report["schedules"].get<int>(), 1);
  EXPECT_GT(report["failing"].get<int>(), 0);
  const auto& shortest = report["shortest_failing"];
  ASSERT_TRUE(shortest.is_object()) << found.out;

  const auto token = shortest["schedule"].get<std::string>();
  const auto replayed =
      run_cli("run --scenario booking --workers 2 --lock none --schedule " + token + " --json");
  ASSERT_EQ(replayed.exit_code, 0) << replayed.err;
  const auto summary = nlohmann::json::parse(replayed.out);
  EXPECT_EQ(summary["engine"], "deterministic");
  ASSERT_FALSE(summary["violations"].empty());
  EXPECT_EQ(summary["violations"][0]["kind"], "double-booking");
  EXPECT_EQ(summary["verdict"], shortest["verdict"]);

  const auto guarded = run_cli("explore --scenario booking --workers 2 --lock mutex --json");
  ASSERT_EQ(guarded.exit_code, 0) << guarded.err;
  const auto clean = nlohmann::json::parse(guarded.out);
  EXPECT_EQ(clean["failing"], 0);
  EXPECT_TRUE(clean["shortest_failing"].is_null());
}

std::string write_temp_file(const std::string& name, const std::string& text) {
  const std::string path =
      testing::TempDir() + "racelab_cli_" + std::to_string(getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// A schedule can be megabytes, more than Linux lets one argument hold (128 KB): run and trace
// read it from a file too, and replay it exactly as --schedule does.
TEST(Cli, AScheduleFileReplaysAsTheTokenDoes) {
  const auto found = run_cli("explore --scenario booking --workers 2 --lock none --json");
  ASSERT_EQ(found.exit_code, 0) << found.err;
  const auto token =
      nlohmann::json::parse(found.out)["shortest_failing"]["schedule"].get<std::string>();
  const auto path = write_temp_file("schedule.txt", token + "\n");
  const std::string flags = "--scenario booking --workers 2 --lock none --json";
  const auto from_token = run_cli("run " + flags + " --schedule " + token);
  const auto from_file = run_cli("run " + flags + " --schedule-file " + path);
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  EXPECT_EQ(from_file.out, from_token.out);
  EXPECT_FALSE(nlohmann::json::parse(from_file.out)["violations"].empty());

  const auto traced = run_cli(
      "trace --scenario booking --workers 2 --lock none --out - "
      "--schedule-file=" +
      path);
  ASSERT_EQ(traced.exit_code, 0) << traced.err;
  EXPECT_EQ(nlohmann::json::parse(traced.out)["otherData"]["scenario"], "booking");
  std::remove(path.c_str());
}

TEST(Cli, AScheduleFileOfMoreThanAnArgumentMayHoldIsReadWhole) {
  std::string token = "0";
  for (int choice = 1; choice < 100'000; ++choice)
    token += ".0";
  ASSERT_GT(token.size(), 128u * 1024);
  const auto path = write_temp_file("long_schedule.txt", token);
  const auto result = run_cli("run --workers 2 --lock none --json --schedule-file " + path);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(result.out.empty()) << result.out.substr(0, 200);
  EXPECT_EQ(line_count(result.err), 1) << result.err;
  // Whole: the message counts every choice, and says where they came from.
  EXPECT_NE(result.err.find("100000 choices"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("(in " + path + ")"), std::string::npos) << result.err;
  std::remove(path.c_str());
}

TEST(Cli, AScheduleFileThatCannotBeUsedIsOneLineAndExitTwo) {
  const auto empty = write_temp_file("empty_schedule.txt", " \n");
  const auto valid = write_temp_file("valid_schedule.txt", "0\n");
  const auto unreadable = write_temp_file("unreadable_schedule.txt", "0.1");
  std::filesystem::permissions(unreadable, std::filesystem::perms::none);
  const bool root = geteuid() == 0;  // root reads it anyway
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"run --schedule-file /nonexistent-racelab/schedule.txt",
       "racelab: cannot read /nonexistent-racelab/schedule.txt: No such file or directory\n"},
      {"run --schedule-file " + testing::TempDir(),
       "racelab: cannot read " + testing::TempDir() + ": Is a directory\n"},
      {"run --schedule 0 --schedule-file " + valid,
       "racelab: give --schedule or --schedule-file, not both\n"},
      {"trace --out - --schedule-file " + valid + " --schedule 0",
       "racelab: give --schedule or --schedule-file, not both\n"},
      {"run --schedule-file " + valid + " --schedule-file " + valid,
       "racelab: --schedule-file appears more than once\n"},
      {"run --schedule-file", "racelab: --schedule-file needs a file name\n"},
      {"run --schedule-file " + empty,
       "racelab: the schedule is empty (a run with no choices is \"-\") (in " + empty + ")\n"},
      {"run --schedule-file " + valid + " --engine threads",
       "racelab: --schedule-file runs on the deterministic engine only: leave --engine out or "
       "say deterministic\n"},
      {"explore --schedule-file " + valid,
       "racelab: --schedule-file is for run and trace; explore finds schedules\n"},
  };
  for (const auto& [arguments, expected] : cases) {
    const auto result = run_cli(arguments);
    EXPECT_EQ(result.exit_code, 2) << arguments;
    EXPECT_TRUE(result.out.empty()) << arguments << ": " << result.out;
    EXPECT_EQ(result.err, expected) << arguments;
  }
  if (!root) {
    const auto result = run_cli("run --schedule-file " + unreadable);
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.err, "racelab: cannot read " + unreadable + ": Permission denied\n");
  }
  std::filesystem::permissions(unreadable, std::filesystem::perms::owner_all);
  for (const auto& path : {empty, valid, unreadable})
    std::remove(path.c_str());
}

// The page goes on with a repeated key's first value; the command line stops, and says only that.
TEST(Cli, ARepeatedFlagStopsItWithoutThePagesWords) {
  const auto result = run_cli("run --workers 2 --workers 3");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "racelab: 'workers' appears more than once\n");
}

class CliRejects : public testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(CliRejects, WithExitTwoAndOneLine) {
  const auto [arguments, expected] = GetParam();
  const auto result = run_cli(arguments);
  EXPECT_EQ(result.exit_code, 2) << arguments;
  EXPECT_TRUE(result.out.empty()) << result.out;
  EXPECT_EQ(line_count(result.err), 1) << result.err;
  EXPECT_NE(result.err.find(expected), std::string::npos) << result.err;
}

INSTANTIATE_TEST_SUITE_P(
    BadArguments, CliRejects,
    testing::Values(std::pair{"", "missing command"}, std::pair{"fly", "unknown command 'fly'"},
                    std::pair{"run --workers 0", "workers must be a whole number from 1 to 10000"},
                    std::pair{"run --workers 1000000000", "from 1 to 10000"},
                    std::pair{"run --workers abc", "not 'abc'"},
                    std::pair{"run --lock rwmutex",
                              "choose one of none, mutex, spinlock, atomic, channel"},
                    std::pair{"run --scenario queue", "scenario 'queue' is not known"},
                    std::pair{"run --scenario pool --stock 3", "unknown option --stock for pool"},
                    std::pair{"run --desks 99", "desks must be a whole number from 1 to 16"},
                    std::pair{"run --think -5", "think must be a whole number from 0 to 2000"},
                    std::pair{"run --colour red", "unknown option --colour for booking"},
                    std::pair{"run --workers", "--workers needs a value"},
                    std::pair{"run --unknown", "unknown option --unknown"},
                    std::pair{"run --workers 3 --workers 4", "'workers' appears more than once"},
                    std::pair{"run --scenario cache --workers 2 --writers 50",
                              "writers must be a whole number from 1 to the 2 workers, not 50"},
                    std::pair{"run extra", "unexpected argument 'extra'"},
                    std::pair{"run --engine quantum", "engine 'quantum' is not known"},
                    std::pair{"run --engine step", "the step engine is the page's"},
                    std::pair{"run --schedule 0+x", "ending after + must be a number"},
                    std::pair{"trace --lock mutex", "trace needs --out FILE"},
                    std::pair{"trace --out", "--out needs a file name"},
                    std::pair{"trace --out x.json --out y.json", "--out appears more than once"},
                    std::pair{"trace --json --out x.json", "--json is for run"},
                    std::pair{"trace --workers 0 --out x.json", "workers must be a whole number"},
                    std::pair{"trace --out /nonexistent-racelab-folder/t.json",
                              "cannot write /nonexistent-racelab-folder/t.json: No such file"},
                    std::pair{"run --out x.json", "unknown option --out for booking"},
                    std::pair{"sweep --workers 8", "unexpected argument '--workers' for sweep"},
                    std::pair{"sweep extra", "unexpected argument 'extra' for sweep"},
                    std::pair{"run --schedule 0.x", "worker numbers joined by dots"},
                    std::pair{"run --schedule ''", "the schedule is empty"},
                    std::pair{"run --schedule 0.9", "picks worker 9 at choice 2"},
                    std::pair{"run --schedule 0 --engine threads", "deterministic engine only"},
                    std::pair{"run --bound 1", "--bound is for explore"},
                    std::pair{"run --schedule 0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",
                              "the schedule has 17 choices, but this run makes"},
                    std::pair{"explore --bound 9", "from 0 to 8"},
                    std::pair{"explore --workers 9", "at most 8 workers, not 9"},
                    std::pair{"explore --schedule 0", "--schedule is for run and trace"}));

TEST(Cli, SweepPrintsTheComparisonAsJson) {
  const auto result = run_cli("sweep --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sweep = nlohmann::json::parse(result.out);
  EXPECT_EQ(sweep["settings"]["scenario"], "bulletin");
  ASSERT_EQ(sweep["points"].size(), 2u * 4 * 7);
  for (const auto& point : sweep["points"]) {
    EXPECT_GT(point["operations_per_second"].get<double>(), 0.0) << point.dump();
    EXPECT_GE(point["contention"].get<double>(), 0.0);
    EXPECT_LE(point["contention"].get<double>(), 1.0);
  }
  EXPECT_EQ(sweep["points"].front()["lock"], "mutex");
  EXPECT_EQ(sweep["points"].back()["lock"], "rwmutex");
  EXPECT_EQ(sweep["points"].back()["workers"], 128);
  EXPECT_EQ(sweep["points"].back()["reader_share"], 99);
  // Twice the same: virtual time.
  EXPECT_EQ(run_cli("sweep --json").out, result.out);
}

TEST(Cli, SweepPrintsATable) {
  const auto result = run_cli("sweep");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(line_count(result.out), 3 + 2 * 4 * 7);
  EXPECT_NE(result.out.find("rwmutex      128      99%"), std::string::npos) << result.out;
}

}  // namespace
