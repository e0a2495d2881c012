#include "core/chrome_trace.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/names.hpp"
#include "core/race_report.hpp"
#include "core/run.hpp"
#include "core/scenarios/registry.hpp"

namespace racelab {

namespace {

enum class SliceKind : std::uint8_t { Step, LockWait, LockHold, Think, ChannelWait };

struct OpenSlice {
  SliceKind kind = SliceKind::Step;
  std::int16_t step = 0;
  std::int32_t target = 0;  // the lock or channel
  std::int64_t value = 0;   // a hold's lock event value (1 read, else the permit); think ms
  std::int64_t start_ns = 0;
  std::int32_t desk = 0;
  bool continued = false;
};

struct Track {
  std::vector<OpenSlice> open;     // outermost first
  std::vector<OpenSlice> carried;  // holds cut at a step's end, reopened with the next step
  std::int64_t last_ns = 0;
};

// The last release of a lock (of one permit, for a semaphore), until its next acquire.
struct PendingRelease {
  int worker = -1;
  std::int64_t ns = 0;
  bool read = false;
};

std::string json_string(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void append_integer(std::string& out, std::int64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

// Nanoseconds as exact decimal microseconds: 12345678 -> "12345.678", 5000 -> "5".
void append_microseconds(std::string& out, std::int64_t ns) {
  if (ns < 0) {
    out += '-';
    ns = -ns;
  }
  append_integer(out, ns / 1000);
  auto fraction = static_cast<int>(ns % 1000);
  if (fraction == 0) return;
  char decimals[4] = {'.', static_cast<char>('0' + fraction / 100),
                      static_cast<char>('0' + fraction / 10 % 10),
                      static_cast<char>('0' + fraction % 10)};
  int length = 4;
  while (decimals[length - 1] == '0')
    --length;
  out.append(decimals, static_cast<std::size_t>(length));
}

// The shortest text that reads back as exactly `value`.
void append_double(std::string& out, double value) {
  char text[32];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(text, sizeof text, "%.*g", precision, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  out += text;
}

// A slice's duration such that ts + dur, in doubles, is the end's own double (or, should no
// duration give that, the largest below it): exact decimals when they already add up.
void append_duration(std::string& out, std::int64_t start_ns, std::int64_t end_ns) {
  const double start = static_cast<double>(start_ns) / 1000.0;
  const double end = static_cast<double>(end_ns) / 1000.0;
  if (start + static_cast<double>(end_ns - start_ns) / 1000.0 == end) {
    append_microseconds(out, end_ns - start_ns);
    return;
  }
  double duration = end - start;
  for (int nudge = 0; nudge < 4 && start + duration < end; ++nudge)
    duration = std::nextafter(duration, end);
  while (start + duration > end && duration > 0)
    duration = std::nextafter(duration, 0.0);
  append_double(out, duration);
}

class Exporter {
 public:
  Exporter(const RunConfig& config, const ScenarioRun& scenario, int workers)
      : config_(config),
        scenario_(scenario),
        locks_(scenario.locks()),
        tracks_(static_cast<std::size_t>(workers)),
        step_names_(static_cast<std::size_t>(workers)),
        releases_(locks_.size()) {
    counts_.tracks = workers;
    for (std::size_t lock = 0; lock < locks_.size(); ++lock) {
      lock_names_.push_back(std::string(lock_kind_name(locks_[lock].kind)) +
                            (locks_.size() > 1 ? " " + std::to_string(lock) : ""));
      wait_names_.push_back(json_string("waiting for " + lock_names_.back()));
    }
  }

  void begin(std::string& out);
  void observe(const Event& event);
  void mark_race(const RaceReport& report);
  void finish();

  std::string take() { return std::move(out_); }
  const ChromeTraceCounts& counts() const { return counts_; }

 private:
  void start_event() {
    if (!first_) out_ += ",\n";
    first_ = false;
  }
  void append_track(int worker) {
    out_ += ",\"pid\":1,\"tid\":";
    append_integer(out_, worker + 1);
  }

  void metadata(const char* name, int worker, const std::string& args);
  void emit_slice(int worker, const OpenSlice& slice, std::int64_t end_ns, bool unfinished);
  void close(int worker, std::size_t index, std::int64_t ns);
  void cut_all(int worker, std::int64_t ns, bool carry_holds);
  int find_open(const Track& track, SliceKind kind, std::int32_t target,
                const std::int64_t* value) const;
  void hand_off(const Event& event, std::int64_t ns);

  const std::string& step_name(int worker, int step);
  const std::string& hold_name(int lock, std::int64_t value);
  std::string lock_name(int lock) const {
    if (lock >= 0 && lock < static_cast<int>(lock_names_.size())) return lock_names_[lock];
    return "lock " + std::to_string(lock);
  }
  std::string channel_name(int channel) const;

  const RunConfig& config_;
  const ScenarioRun& scenario_;
  std::vector<LockSpec> locks_;
  std::vector<Track> tracks_;
  std::vector<std::vector<std::string>> step_names_;  // as JSON strings, per worker by step
  std::vector<std::string> lock_names_;
  std::vector<std::string> wait_names_;                // as JSON strings
  std::vector<std::vector<std::string>> hold_names_;   // as JSON strings, per lock by event value
  std::vector<std::vector<PendingRelease>> releases_;  // per lock by permit
  std::vector<OpenSlice> scratch_;
  std::int64_t end_ns_ = 0;
  std::int64_t next_flow_ = 1;
  bool first_ = true;
  std::string out_;
  ChromeTraceCounts counts_;
};

void Exporter::metadata(const char* name, int worker, const std::string& args) {
  start_event();
  out_ += "{\"ph\":\"M\",\"name\":\"";
  out_ += name;
  out_ += '"';
  if (worker >= 0) {
    append_track(worker);
  } else {
    out_ += ",\"pid\":1";
  }
  out_ += ",\"args\":";
  out_ += args;
  out_ += '}';
}

void Exporter::begin(std::string& out) {
  out_ = std::move(out);
  out_ += "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n";
  const auto* spec = find_scenario(config_.scenario);
  const std::string title = spec ? std::string(spec->title) : config_.scenario;
  metadata("process_name", -1, nlohmann::json{{"name", "racelab: " + title}}.dump());
  metadata("process_sort_index", -1, "{\"sort_index\":0}");
  for (int worker = 0; worker < static_cast<int>(tracks_.size()); ++worker) {
    auto name = worker_name(worker);
    if (worker >= config_.workers) name += " (channel owner)";
    metadata("thread_name", worker, "{\"name\":" + json_string(name) + "}");
    metadata("thread_sort_index", worker, "{\"sort_index\":" + std::to_string(worker) + "}");
  }
}

const std::string& Exporter::step_name(int worker, int step) {
  auto& names = step_names_[worker];
  const auto index = static_cast<std::size_t>(std::max(step, 0));
  if (names.size() <= index) names.resize(index + 1);
  if (names[index].empty()) names[index] = json_string(scenario_.step_label(worker, step));
  return names[index];
}

const std::string& Exporter::hold_name(int lock, std::int64_t value) {
  static const std::string unknown = json_string("holding a lock");
  if (lock < 0 || value < 0 || value > 0xffff) return unknown;
  if (hold_names_.size() <= static_cast<std::size_t>(lock)) hold_names_.resize(lock + 1);
  auto& names = hold_names_[lock];
  const auto index = static_cast<std::size_t>(value);
  if (names.size() <= index) names.resize(index + 1);
  if (names[index].empty()) {
    auto name = "holding " + lock_name(lock);
    const auto kind = lock < static_cast<int>(locks_.size()) ? locks_[lock].kind : LockKind::Mutex;
    if (kind == LockKind::RWMutex) name += value == 1 ? " (read)" : " (write)";
    if (kind == LockKind::Semaphore) name += " (permit " + std::to_string(value) + ")";
    names[index] = json_string(name);
  }
  return names[index];
}

std::string Exporter::channel_name(int channel) const {
  if (config_.lock != LockKind::Channel) return "channel " + std::to_string(channel);
  if (channel == kRequestChannel) return "the request channel";
  return worker_name(channel - reply_channel(0)) + "'s reply channel";
}

void Exporter::emit_slice(int worker, const OpenSlice& slice, std::int64_t end_ns,
                          bool unfinished) {
  ++counts_.slices;
  start_event();
  out_ += "{\"ph\":\"X\"";
  append_track(worker);
  out_ += ",\"ts\":";
  append_microseconds(out_, slice.start_ns);
  out_ += ",\"dur\":";
  append_duration(out_, slice.start_ns, end_ns);
  out_ += ",\"cat\":\"";
  switch (slice.kind) {
    case SliceKind::Step:
      ++counts_.step_slices;
      out_ += "step\",\"name\":";
      out_ += step_name(worker, slice.step);
      out_ += ",\"args\":{\"step\":";
      append_integer(out_, slice.step);
      out_ += ",\"desk\":";
      append_integer(out_, slice.desk);
      break;
    case SliceKind::LockWait:
      out_ += "lock\",\"name\":";
      out_ += slice.target >= 0 && slice.target < static_cast<int>(wait_names_.size())
                  ? wait_names_[slice.target]
                  : json_string("waiting for " + lock_name(slice.target));
      out_ += ",\"args\":{\"lock\":";
      append_integer(out_, slice.target);
      break;
    case SliceKind::LockHold:
      out_ += "lock\",\"name\":";
      out_ += hold_name(slice.target, slice.value);
      out_ += ",\"args\":{\"lock\":";
      append_integer(out_, slice.target);
      break;
    case SliceKind::Think:
      out_ += "think\",\"name\":\"thinking\",\"args\":{\"ms\":";
      append_integer(out_, slice.value);
      break;
    case SliceKind::ChannelWait:
      out_ += "channel\",\"name\":";
      out_ += json_string("waiting on " + channel_name(slice.target));
      out_ += ",\"args\":{\"channel\":";
      append_integer(out_, slice.target);
      break;
  }
  if (slice.continued) out_ += ",\"continued\":true";
  if (unfinished) out_ += ",\"unfinished\":true";
  out_ += "}}";
}

// Ends the open slice at `index`; slices opened after it end too and go on in new slices.
void Exporter::close(int worker, std::size_t index, std::int64_t ns) {
  auto& open = tracks_[worker].open;
  scratch_.assign(open.begin() + static_cast<std::ptrdiff_t>(index) + 1, open.end());
  for (auto inner = scratch_.rbegin(); inner != scratch_.rend(); ++inner)
    emit_slice(worker, *inner, ns, false);
  emit_slice(worker, open[index], ns, false);
  open.resize(index);
  for (auto slice : scratch_) {
    slice.start_ns = ns;
    slice.continued = true;
    open.push_back(slice);
  }
}

// Ends every open slice of the track; the lock holds among them are kept for the next step.
void Exporter::cut_all(int worker, std::int64_t ns, bool carry_holds) {
  auto& track = tracks_[worker];
  scratch_.clear();
  while (!track.open.empty()) {
    const auto slice = track.open.back();
    track.open.pop_back();
    emit_slice(worker, slice, ns, false);
    if (carry_holds && slice.kind == SliceKind::LockHold) scratch_.push_back(slice);
  }
  // Carried outermost first, as they were open.
  track.carried.insert(track.carried.end(), scratch_.rbegin(), scratch_.rend());
}

int Exporter::find_open(const Track& track, SliceKind kind, std::int32_t target,
                        const std::int64_t* value) const {
  for (auto i = static_cast<int>(track.open.size()) - 1; i >= 0; --i) {
    const auto& slice = track.open[i];
    if (slice.kind == kind && slice.target == target && (!value || slice.value == *value)) {
      return i;
    }
  }
  return -1;
}

// An arrow from the lock's last release to this acquire, when another worker released it and
// it is a hand-off: readers of an RWMutex do not hand the lock to each other.
void Exporter::hand_off(const Event& event, std::int64_t ns) {
  if (event.field < 0 || event.field >= static_cast<int>(releases_.size())) return;
  const bool semaphore = locks_[event.field].kind == LockKind::Semaphore;
  const bool read = locks_[event.field].kind == LockKind::RWMutex && event.value == 1;
  const auto slot = semaphore ? event.value : 0;
  if (slot < 0 || slot > 0xffff) return;
  auto& pending = releases_[event.field];
  if (pending.size() <= static_cast<std::size_t>(slot)) pending.resize(slot + 1);
  auto& release = pending[slot];
  if (event.kind == EventKind::LockReleased) {
    release = {event.worker, ns, read};
    return;
  }
  if (release.worker >= 0 && release.worker != event.worker && !(release.read && read)) {
    const auto id = next_flow_++;
    ++counts_.flows;
    for (const bool finish : {false, true}) {
      start_event();
      out_ += finish ? "{\"ph\":\"f\",\"bp\":\"e\",\"id\":" : "{\"ph\":\"s\",\"id\":";
      append_integer(out_, id);
      append_track(finish ? event.worker : release.worker);
      out_ += ",\"ts\":";
      append_microseconds(out_, finish ? ns : release.ns);
      out_ += ",\"cat\":\"lock\",\"name\":\"hand-off\"}";
    }
  }
  release = {};
}

void Exporter::observe(const Event& event) {
  if (event.worker < 0 || event.worker >= static_cast<int>(tracks_.size())) return;
  auto& track = tracks_[event.worker];
  // Each track's time never goes back, whatever the engine's clocks did.
  const auto ns = std::max(event.time_ns, track.last_ns);
  track.last_ns = ns;
  end_ns_ = std::max(end_ns_, ns);
  const bool lock = event.resource == ResourceId::Lock;

  switch (event.kind) {
    case EventKind::StepBegin: {
      cut_all(event.worker, ns, true);
      OpenSlice step{SliceKind::Step, event.step, 0, 0, ns, event.desk, false};
      track.open.push_back(step);
      for (auto hold : track.carried) {
        hold.start_ns = ns;
        hold.continued = true;
        track.open.push_back(hold);
      }
      track.carried.clear();
      break;
    }
    case EventKind::StepEnd: {
      // Back to the step's own slice: what is open inside it ends with it.
      cut_all(event.worker, ns, true);
      break;
    }
    case EventKind::Done:
      cut_all(event.worker, ns, false);
      track.carried.clear();
      break;
    case EventKind::LockRequested:
      // A spinner asks again and again: one wait from its first try to its grant.
      if (find_open(track, SliceKind::LockWait, event.field, nullptr) < 0) {
        track.open.push_back({SliceKind::LockWait, event.step, event.field, 0, ns, event.desk});
      }
      break;
    case EventKind::LockAcquired: {
      const auto wait = find_open(track, SliceKind::LockWait, event.field, nullptr);
      if (wait >= 0) close(event.worker, static_cast<std::size_t>(wait), ns);
      track.open.push_back(
          {SliceKind::LockHold, event.step, event.field, event.value, ns, event.desk});
      hand_off(event, ns);
      break;
    }
    case EventKind::LockReleased: {
      const auto hold = find_open(track, SliceKind::LockHold, event.field, &event.value);
      if (hold >= 0) {
        close(event.worker, static_cast<std::size_t>(hold), ns);
      } else {
        auto& carried = track.carried;
        const auto at = std::find_if(carried.begin(), carried.end(), [&](const OpenSlice& slice) {
          return slice.target == event.field && slice.value == event.value;
        });
        if (at != carried.end()) carried.erase(at);
      }
      hand_off(event, ns);
      break;
    }
    case EventKind::ThinkBegin:
      track.open.push_back({SliceKind::Think, event.step, 0, event.value, ns, event.desk});
      break;
    case EventKind::ThinkEnd: {
      const auto think = find_open(track, SliceKind::Think, 0, nullptr);
      if (think >= 0) close(event.worker, static_cast<std::size_t>(think), ns);
      break;
    }
    case EventKind::Block:
      if (event.resource == ResourceId::Channel) {
        track.open.push_back({SliceKind::ChannelWait, event.step, event.field, 0, ns, event.desk});
      }
      break;
    case EventKind::Wake:
      if (!lock) {
        const auto wait = find_open(track, SliceKind::ChannelWait, event.field, nullptr);
        if (wait >= 0) close(event.worker, static_cast<std::size_t>(wait), ns);
      }
      break;
    default: break;  // accesses and channel operations: points, not spans
  }
}

void Exporter::mark_race(const RaceReport& report) {
  const auto field = scenario_.field_label(report.field);
  const auto name = json_string("data race on " + field);
  const auto kind = race_kind(report);
  for (const bool current : {true, false}) {
    const auto& access = current ? report.current : report.previous;
    const auto& other = current ? report.previous : report.current;
    if (access.worker < 0 || access.worker >= static_cast<int>(tracks_.size())) continue;
    ++counts_.race_marks;
    start_event();
    out_ += "{\"ph\":\"i\",\"s\":\"t\"";
    append_track(access.worker);
    out_ += ",\"ts\":";
    append_microseconds(out_, access.time_ns);
    out_ += ",\"cat\":\"race\",\"name\":";
    out_ += name;
    out_ += ",\"args\":";
    out_ += nlohmann::json{{"field", field},
                           {"kind", kind},
                           {"access", access.write ? "write" : "read"},
                           {"step", scenario_.step_label(access.worker, access.step)},
                           {"other", worker_name(other.worker)},
                           {"other_access", other.write ? "write" : "read"},
                           {"count", report.count}}
                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out_ += '}';
  }
}

void Exporter::finish() {
  for (int worker = 0; worker < static_cast<int>(tracks_.size()); ++worker) {
    auto& open = tracks_[worker].open;
    while (!open.empty()) {
      emit_slice(worker, open.back(), end_ns_, true);
      open.pop_back();
    }
  }
  out_ += "\n],\"otherData\":";
  out_ += nlohmann::json{{"link", to_link(config_)},
                         {"scenario", config_.scenario},
                         {"lock", lock_kind_name(config_.lock)},
                         {"engine", engine_name(config_.engine)},
                         {"workers", config_.workers},
                         {"seed", config_.seed},
                         {"slices", counts_.slices},
                         {"step_slices", counts_.step_slices},
                         {"flows", counts_.flows},
                         {"race_marks", counts_.race_marks}}
              .dump();
  out_ += "}\n";
}

}  // namespace

ChromeTrace chrome_trace(const RunConfig& config, const ScenarioRun& scenario, const Trace& trace,
                         const std::vector<RaceReport>& races) {
  int workers = config.workers + scenario.helpers();
  for (const auto& event : trace)
    workers = std::max(workers, event.worker + 1);

  Exporter exporter(config, scenario, workers);
  std::string out;
  // About 110 bytes a slice, a slice for every two or three events.
  out.reserve(trace.size() * 48 + static_cast<std::size_t>(workers) * 160 + 1024);
  exporter.begin(out);
  for (const auto& event : trace)
    exporter.observe(event);
  for (const auto& report : races)
    exporter.mark_race(report);
  exporter.finish();
  return {exporter.take(), exporter.counts()};
}

ChromeTrace chrome_trace(const Run& run) {
  assert(run.finished() && "a trace is exported once the run is over");
  return chrome_trace(run.config(), run.scenario(), run.trace(), run.races());
}

}  // namespace racelab
