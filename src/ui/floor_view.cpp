// The coworking floor, drawn: the shared resource in the middle, the desks around it with the
// worker seated at each, the receptionist with the lines waiting for the lock, the lounge where
// workers think, the lobby where they wait for a desk, and the door home. Violations flash red.
// Past a few hundred workers the places show counts, and a density grid shows every worker.
//
// [SECTION] Colours and words
// [SECTION] Census: where every worker is this frame
// [SECTION] Figures and text
// [SECTION] Layout
// [SECTION] Drawing the places
// [SECTION] The density grid
// [SECTION] Violations: who was involved, and the flash
// [SECTION] The line in words
// [SECTION] Entry point

#include <imgui.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "core/names.hpp"
#include "ui/palette.hpp"
#include "ui/views.hpp"

namespace racelab::ui {

namespace {

// [SECTION] Colours and words --------------------------------------------------------------------

// Where a worker is on the floor, which is also what it is doing.
enum class Place : std::uint8_t { Desk, LineLock, LineRead, LineChannel, Lounge, Lobby, Home };
constexpr int kPlaces = 7;

// Past this many workers the places show counts and the density grid every worker.
constexpr int kMostFigures = 300;
// The density grid's most cells; beyond, a cell stands for a group of workers.
constexpr int kMostCells = 2500;

// The colours are the palette's (ui/palette.hpp): a place in its activity's colour, the lock's
// receptionists in the teal of holding it (theirs to hand out), a broken invariant in red.
ImU32 place_colour(Place place) {
  switch (place) {
    case Place::Desk: return palette::kRunning;
    case Place::LineLock: return palette::kWaiting;
    case Place::LineRead: return palette::kWaitingToRead;
    case Place::LineChannel: return palette::kWaitingOnChannel;
    case Place::Lounge: return palette::kThinking;
    case Place::Lobby: return palette::kLobby;
    case Place::Home: return palette::kDone;
  }
  return palette::kLobby;
}

// The badge, and the line to the resource, of a worker holding the lock.
ImU32 holding_colour(Holding holding) {
  return holding == Holding::Shared ? palette::kHoldsShared : palette::kHoldsAlone;
}

// The shared resource in the scenario's words.
const char* resource_name(const std::string& scenario) {
  if (scenario == "booking") return "the calendar";
  if (scenario == "flash-sale") return "the last pair of sneakers";
  if (scenario == "ledger") return "the ledger";
  if (scenario == "bulletin") return "the bulletin board";
  if (scenario == "pool") return "the pool";
  if (scenario == "cache") return "the map";
  if (scenario == "abba") return "the meetings";
  if (scenario == "rwr") return "the notice board";
  if (scenario == "double-lock") return "the filing cabinet";
  return "the resource";
}

// What holding the lock is called with this lock type.
const char* holding_words(LockKind lock, Holding holding) {
  if (holding == Holding::Shared) return "reading";
  if (lock == LockKind::RWMutex) return "writing";
  if (lock == LockKind::Semaphore) return "has a key";
  if (lock == LockKind::Spinlock) return "inside";
  return "has the logbook";
}

const char* line_title(LockKind lock, Place line) {
  if (line == Place::LineRead) return "waiting to read";
  if (line == Place::LineChannel) return "waiting on the channel";
  if (lock == LockKind::RWMutex) return "waiting to write";
  if (lock == LockKind::Spinlock) return "trying the door handle";
  if (lock == LockKind::Semaphore) return "waiting for a key";
  return "waiting for the logbook";
}

// The letter on a holder's badge: W and R for an RWMutex's sides, K for a semaphore's key, L for
// the lock (the logbook) otherwise.
const char* badge_letter(LockKind lock, Holding holding) {
  if (holding == Holding::Shared) return "R";
  if (lock == LockKind::RWMutex) return "W";
  return lock == LockKind::Semaphore ? "K" : "L";
}

// Who stands behind the counter, for each lock type.
const char* receptionist_words(LockKind lock) {
  switch (lock) {
    case LockKind::None: return "no receptionist: nobody guards it";
    case LockKind::Atomic: return "no receptionist: one swap";
    case LockKind::Spinlock: return "no receptionist: a door";
    case LockKind::Channel: return "the owner's inbox";
    case LockKind::Semaphore: return "receptionist: with keys";
    default: return "receptionist";
  }
}

// The counter's words ("no receptionist: nobody guards it") in lines that fit under it: the
// part before the colon first, then the rest, broken between words where wider than `width`.
std::vector<std::string> wrapped_words(const std::string& words, const ImFont& font, float size,
                                       float width) {
  std::vector<std::string> parts;
  if (const auto colon = words.find(": "); colon != std::string::npos) {
    parts = {words.substr(0, colon), words.substr(colon + 2)};
  } else {
    parts = {words};
  }
  std::vector<std::string> lines;
  for (const auto& part : parts) {
    std::string line;
    for (std::size_t from = 0; from < part.size();) {
      const auto space = part.find(' ', from);
      const auto word = part.substr(from, space == std::string::npos ? space : space - from);
      const auto longer = line.empty() ? word : line + " " + word;
      if (!line.empty() && font.CalcTextSizeA(size, FLT_MAX, 0.0f, longer.c_str()).x > width) {
        lines.push_back(line);
        line = word;
      } else {
        line = longer;
      }
      from = space == std::string::npos ? part.size() : space + 1;
    }
    lines.push_back(line);
  }
  return lines;
}

// [SECTION] Census: where every worker is this frame ---------------------------------------------

struct Census {
  int workers = 0;       // everyone on the floor: the visitor's workers and a channel's owner
  int helpers_from = 0;  // the first of the scenario's helpers (the channel's owner)
  int desks = 0;
  LockKind lock = LockKind::None;
  bool live = false;            // a run exists (else the floor before Run)
  std::vector<int> at_desk;     // per desk: the worker seated, -1 when free
  std::vector<Place> place_of;  // per worker
  std::vector<Holding> holding;
  std::array<std::vector<int>, kPlaces> in;  // the workers in each place, in index order
  // The scenario's names of its locks, where it names them ("the projector"); empty for the
  // one unnamed lock of most scenarios, which the floor calls the logbook.
  std::vector<std::string> lock_names;
  std::vector<int> lock_of;             // per worker: the lock it queues for, -1 for none
  std::vector<std::uint32_t> locks_of;  // per worker: the locks it holds, a bit each
};

bool several_locks(const Census& census) {
  return census.lock_names.size() > 1;
}

// The names of the locks, as the scenario words them; empty where it has one it does not name.
std::vector<std::string> lock_names(const ScenarioRun& scenario) {
  const auto locks = scenario.locks().size();
  std::vector<std::string> names;
  for (std::size_t lock = 0; lock < locks; ++lock)
    names.push_back(scenario.lock_label(static_cast<int>(lock)));
  // "the lock": ScenarioRun's own word for a lock its scenario leaves unnamed.
  if (names.size() == 1 && names[0] == "the lock") names.clear();
  return names;
}

Census take_census(const Run* run, const Summary& summary) {
  Census census;
  census.workers = run ? run->total_workers() : summary.config.workers;
  census.helpers_from = summary.config.workers;
  census.desks = std::max(1, summary.desks_used);
  census.lock = summary.config.lock;
  census.live = run != nullptr;
  census.at_desk.assign(census.desks, -1);
  census.place_of.assign(census.workers, Place::Lobby);
  census.holding.assign(census.workers, Holding::Nothing);
  census.lock_of.assign(census.workers, -1);
  census.locks_of.assign(census.workers, 0);
  if (run) {
    census.lock_names = lock_names(run->scenario());
  } else if (const auto* spec = find_scenario(summary.config.scenario)) {
    census.lock_names = lock_names(*spec->make(summary.config));
  }
  if (!run) {
    for (int worker = 0; worker < census.workers; ++worker)
      census.in[static_cast<int>(Place::Lobby)].push_back(worker);
    return census;
  }
  census.desks = std::max(1, run->desks());
  census.at_desk.assign(census.desks, -1);
  std::vector<char> seated(census.workers, 0);
  for (int desk = 0; desk < census.desks; ++desk) {
    const int worker = run->seated(desk);
    if (worker < 0 || worker >= census.workers) continue;
    // Seated and still at work there (the deterministic engine names whoever went last).
    const auto activity = run->activity(worker);
    if (activity == Activity::Running || activity == Activity::Ready) {
      census.at_desk[desk] = worker;
      seated[worker] = 1;
    }
  }
  for (int worker = 0; worker < census.workers; ++worker) {
    census.holding[worker] = run->holding(worker);
    census.lock_of[worker] = run->lock_waited(worker);
    census.locks_of[worker] = run->locks_held(worker);
    Place place = Place::Lobby;
    switch (run->activity(worker)) {
      case Activity::Ready:
      case Activity::Running: place = seated[worker] ? Place::Desk : Place::Lobby; break;
      case Activity::Queueing:
        switch (run->waiting_for(worker)) {
          case Waiting::Lock: place = Place::LineLock; break;
          case Waiting::LockToRead: place = Place::LineRead; break;
          case Waiting::Channel: place = Place::LineChannel; break;
        }
        break;
      case Activity::Thinking: place = Place::Lounge; break;
      case Activity::Done: place = Place::Home; break;
    }
    census.place_of[worker] = place;
    census.in[static_cast<int>(place)].push_back(worker);
  }
  return census;
}

int count_in(const Census& census, Place place) {
  return static_cast<int>(census.in[static_cast<int>(place)].size());
}

// The lines the lock type has (in the layout section).
std::vector<Place> lines_of(LockKind lock);

// A line at a receptionist: where its workers stand, and the lock it is for where the scenario
// has several (-1: its one lock). A scenario with two locks has a line at each.
struct Line {
  Place place;
  int lock = -1;
};

std::vector<Line> lines_of(const Census& census) {
  std::vector<Line> lines;
  const int locks = several_locks(census) ? static_cast<int>(census.lock_names.size()) : 1;
  for (int lock = 0; lock < locks; ++lock) {
    for (const auto place : lines_of(census.lock))
      lines.push_back({place, several_locks(census) ? lock : -1});
  }
  return lines;
}

std::vector<int> workers_in(const Census& census, const Line& line) {
  const auto& in = census.in[static_cast<int>(line.place)];
  if (line.lock < 0) return in;
  std::vector<int> workers;
  for (const int worker : in) {
    if (census.lock_of[worker] == line.lock) workers.push_back(worker);
  }
  return workers;
}

// "waiting for the projector", "waiting to read", in the scenario's names of its locks.
std::string line_words(const Census& census, const Line& line) {
  const auto& names = census.lock_names;
  const std::string name = names.empty() ? "" : names[std::max(0, line.lock)];
  const bool mutex_like = line.place == Place::LineLock && census.lock == LockKind::Mutex;
  if (!name.empty() && mutex_like) return "waiting for " + name;
  std::string words = line_title(census.lock, line.place);
  if (line.lock >= 0) words += ": " + name;
  return words;
}

// What a holder holds: "has the logbook", "reading", or the locks by name ("has the projector").
std::string holding_words(const Census& census, int worker) {
  const auto holding = census.holding[worker];
  if (census.lock_names.empty() || holding == Holding::Shared || census.lock != LockKind::Mutex) {
    return holding_words(census.lock, holding);
  }
  std::vector<std::string> held;
  for (std::size_t lock = 0; lock < census.lock_names.size() && lock < 32; ++lock) {
    if (census.locks_of[worker] & (std::uint32_t{1} << lock))
      held.push_back(census.lock_names[lock]);
  }
  if (held.empty()) return holding_words(census.lock, holding);
  if (held.size() == 1) return "has " + held[0];
  return held.size() == 2 ? "has both" : "has " + std::to_string(held.size()) + " locks";
}

// What a worker is doing, in a sentence for its tooltip.
std::string describe(const Census& census, int worker) {
  const auto place = census.place_of[worker];
  const auto holding = census.holding[worker];
  std::string text = worker_name(worker) + ": ";
  switch (place) {
    case Place::Desk: {
      const auto desk = std::find(census.at_desk.begin(), census.at_desk.end(), worker);
      text += "at desk " + std::to_string(desk - census.at_desk.begin() + 1) + ", working";
      break;
    }
    case Place::LineLock:
    case Place::LineRead:
    case Place::LineChannel:
      text += line_words(census, {place, several_locks(census) ? census.lock_of[worker] : -1}) +
              " at the receptionist";
      break;
    case Place::Lounge: text += "thinking in the lounge"; break;
    case Place::Lobby: text += census.live ? "waiting for a free desk" : "not started"; break;
    case Place::Home: text += "done, gone home"; break;
  }
  if (worker >= census.helpers_from) text += " (the channel's owner)";
  if (holding != Holding::Nothing) text += " (" + holding_words(census, worker) + ")";
  return text;
}

// [SECTION] Figures and text ---------------------------------------------------------------------

// What was drawn this frame where the pointer may rest: a worker's figure or a cell of workers.
struct Hit {
  ImVec2 min, max;
  int first = 0;  // the first worker it stands for
  int count = 1;  // how many
  // The density grid is one hit: its cells' size, columns and workers per cell.
  float cell = 0.0f;
  int columns = 0;
  int group = 0;
};

struct Painter {
  Painter(ImDrawList& list, ImFont* text_font, float font_size)
      : draw(list), font(text_font), unit(font_size) {}

  ImDrawList& draw;
  ImFont* font;
  float unit;  // the font size: every length is a multiple of it, so it follows the pixel ratio
  std::vector<Hit> hits;
  std::vector<char> marked;  // per worker: named in a violation
  bool blink_on = false;     // the flash's phase this frame
  LockKind lock = LockKind::None;
  const RaceHighlight* highlight = nullptr;

  ImVec2 text_size(const std::string& text, float scale) const {
    return font->CalcTextSizeA(unit * scale, FLT_MAX, 0.0f, text.c_str());
  }
  void text(ImVec2 at, ImU32 colour, const std::string& text, float scale = 1.0f) {
    draw.AddText(font, unit * scale, at, colour, text.c_str());
  }
  // The line, cut short with ".." when wider than `width`.
  std::string fit(std::string line, float scale, float width) const {
    if (text_size(line, scale).x <= width) return line;
    while (line.size() > 1 && text_size(line + "..", scale).x > width)
      line.pop_back();
    return line + "..";
  }
  void text_fitted(ImVec2 at, ImU32 colour, const std::string& line, float scale, float width) {
    text(at, colour, fit(line, scale, width), scale);
  }
  // Centred on `centre_x`, cut short when wider than `width`.
  void text_centred(float centre_x, float y, ImU32 colour, const std::string& line, float scale,
                    float width) {
    const auto shown = fit(line, scale, width);
    text(ImVec2(centre_x - text_size(shown, scale).x / 2, y), colour, shown, scale);
  }

  bool raced(int worker) const {
    if (!highlight || !highlight->active) return false;
    const auto name = worker_name(worker);
    return std::find(highlight->workers.begin(), highlight->workers.end(), name) !=
           highlight->workers.end();
  }

  // A person seen from the front, `size` tall: a head over shoulders. A badge says which side of
  // the lock it holds; a red ring that it was part of a violation, a yellow one the picked race.
  void figure(ImVec2 top, float size, ImU32 colour, Holding holding, int worker) {
    const float head = 0.22f * size;
    const ImVec2 head_centre(top.x, top.y + head + 0.02f * size);
    const ImVec2 body_min(top.x - 0.34f * size, top.y + 0.52f * size);
    const ImVec2 body_max(top.x + 0.34f * size, top.y + 0.98f * size);
    const bool involved = worker >= 0 && worker < static_cast<int>(marked.size()) && marked[worker];
    if (involved) {
      const ImU32 ring = blink_on ? palette::kBrokenBright : palette::kBroken;
      draw.AddRectFilled(ImVec2(body_min.x - 0.12f * size, top.y - 0.08f * size),
                         ImVec2(body_max.x + 0.12f * size, body_max.y + 0.08f * size),
                         blink_on ? ring : IM_COL32(0, 0, 0, 0), 0.2f * size);
      draw.AddRect(ImVec2(body_min.x - 0.12f * size, top.y - 0.08f * size),
                   ImVec2(body_max.x + 0.12f * size, body_max.y + 0.08f * size), ring, 0.2f * size,
                   0, std::max(1.5f, 0.08f * size));
    }
    draw.AddCircleFilled(head_centre, head, colour, 16);
    draw.AddRectFilled(body_min, body_max, colour, 0.3f * size, ImDrawFlags_RoundCornersTop);
    if (holding != Holding::Nothing) {
      const ImVec2 badge(body_max.x - 0.02f * size, body_min.y + 0.05f * size);
      const float radius = 0.2f * size;
      draw.AddCircleFilled(badge, radius, holding_colour(holding), 12);
      const char* letter = badge_letter(lock, holding);
      const float letter_size = radius * 1.6f;
      const ImVec2 extent = font->CalcTextSizeA(letter_size, FLT_MAX, 0.0f, letter);
      draw.AddText(font, letter_size, ImVec2(badge.x - extent.x / 2, badge.y - extent.y / 2),
                   palette::kBackground, letter);
    }
    if (worker >= 0 && raced(worker)) {
      draw.AddCircle(head_centre, head + 0.12f * size, palette::kHighlight, 16, 2.0f);
    }
    if (worker >= 0) {
      hits.push_back({ImVec2(body_min.x, top.y), ImVec2(body_max.x, body_max.y), worker, 1});
    }
  }
};

// [SECTION] Layout -------------------------------------------------------------------------------

struct Box {
  ImVec2 min, max;
  float width() const { return max.x - min.x; }
  float height() const { return max.y - min.y; }
};

struct Layout {
  Box floor;
  Box resource;
  Box counter;  // the receptionist's spot, beside the resource
  Box lines;    // where the lines stand, ending at the counter
  Box lounge, lobby, home;
  std::vector<Box> desks;
};

// The lines the lock type has: for the lock, to read apart (an RWMutex), on the channel.
std::vector<Place> lines_of(LockKind lock) {
  switch (lock) {
    case LockKind::None:
    case LockKind::Atomic: return {};
    case LockKind::RWMutex: return {Place::LineLock, Place::LineRead};
    case LockKind::Channel: return {Place::LineChannel};
    default: return {Place::LineLock};
  }
}

// A line's height: its title, a row of figures and their names.
float line_height(float unit) {
  return 4.2f * unit;
}

// Places the desks in rows above the resource, and below it when they need more than a row.
float place_desks(Layout& layout, int desks, ImVec2 origin, float width, float unit) {
  const float desk_width = 5.4f * unit;
  const float desk_height = 4.9f * unit;
  const float resource_height = 4.0f * unit;
  const float gap = 0.6f * unit;
  const int per_row = std::max(1, static_cast<int>(width / desk_width));
  // Desks that fit in one row all go above, which keeps the floor low; more go half below.
  const int above = desks <= per_row ? desks : (desks + 1) / 2;
  const int below = desks - above;
  const int rows_above = (above + per_row - 1) / per_row;
  const int rows_below = (below + per_row - 1) / per_row;
  auto row_of = [&](int first, int count, float y) {
    for (int row_start = 0; row_start < count; row_start += per_row) {
      const int in_row = std::min(per_row, count - row_start);
      const float row_x = origin.x + (width - in_row * desk_width) / 2;
      for (int i = 0; i < in_row; ++i) {
        const ImVec2 min(row_x + i * desk_width, y);
        layout.desks[first + row_start + i] = {min,
                                               ImVec2(min.x + desk_width, min.y + desk_height)};
      }
      y += desk_height;
    }
  };
  layout.desks.assign(desks, Box{});
  float y = origin.y;
  row_of(0, above, y);
  y += rows_above * desk_height + gap;
  const float resource_width = std::min(width * 0.9f, 18.0f * unit);
  const float resource_x = origin.x + (width - resource_width) / 2;
  layout.resource = {ImVec2(resource_x, y),
                     ImVec2(resource_x + resource_width, y + resource_height)};
  y += resource_height + gap;
  row_of(above, below, y);
  y += rows_below * desk_height;
  return y - origin.y;
}

// The counter's words, a line each, at this size (a multiple of the unit).
constexpr float kCounterText = 0.72f;
std::vector<std::string> counter_lines(const Census& census, float unit);

// As wide as the counter's words, so that they never run into the resource beside it.
float counter_width(const Census& census, float unit) {
  float widest = 0.0f;
  for (const auto& line : counter_lines(census, unit)) {
    widest = std::max(
        widest,
        ImGui::GetFont()->CalcTextSizeA(kCounterText * unit, FLT_MAX, 0.0f, line.c_str()).x);
  }
  return std::max(4.2f * unit, widest + 0.4f * unit);
}

Layout lay_out(ImVec2 origin, float width, const Census& census, float unit) {
  Layout layout;
  const float pad = 0.6f * unit;
  const float gap = 0.6f * unit;
  const auto lines = lines_of(census);
  const float lines_height = std::max(1, static_cast<int>(lines.size())) * line_height(unit);
  const bool wide = width >= 44 * unit;
  if (wide) {
    // Three columns: the lines and the lobby; desks round the resource; the lounge and home.
    const float left = 0.32f * width;
    const float right = 0.28f * width;
    const float middle = width - left - right - 2 * pad;
    const ImVec2 middle_origin(origin.x + left + pad, origin.y + pad);
    const float middle_height = place_desks(layout, census.desks, middle_origin, middle, unit);
    const float height = std::max(middle_height, lines_height + 4.6f * unit) + 2 * pad;
    layout.floor = {origin, ImVec2(origin.x + width, origin.y + height)};

    // The counter sits at the left of the resource; the lines end there.
    const float resource_middle = (layout.resource.min.y + layout.resource.max.y) / 2;
    const float counter_wide = counter_width(census, unit);
    const float counter_right = origin.x + left + pad;
    layout.counter = {ImVec2(counter_right - counter_wide, resource_middle - 2.2f * unit),
                      ImVec2(counter_right, resource_middle + 2.2f * unit)};
    float lines_top = std::max(origin.y + pad, resource_middle - lines_height / 2);
    lines_top = std::min(lines_top, layout.floor.max.y - pad - lines_height - 4.0f * unit);
    layout.lines = {ImVec2(origin.x + pad, lines_top),
                    ImVec2(layout.counter.min.x - 0.3f * unit, lines_top + lines_height)};
    // The lobby takes what the left column has left, above or below the lines.
    const float above = lines_top - (origin.y + pad);
    const float below = layout.floor.max.y - pad - layout.lines.max.y;
    if (lines.empty()) {
      layout.lines = {};
      layout.lobby = {ImVec2(origin.x + pad, origin.y + pad),
                      ImVec2(layout.counter.min.x - 0.3f * unit, layout.floor.max.y - pad)};
    } else if (below >= above) {
      layout.lobby = {ImVec2(origin.x + pad, layout.lines.max.y + gap),
                      ImVec2(layout.counter.min.x - 0.3f * unit, layout.floor.max.y - pad)};
    } else {
      layout.lobby = {ImVec2(origin.x + pad, origin.y + pad),
                      ImVec2(layout.counter.min.x - 0.3f * unit, lines_top - gap)};
    }
    const float right_x = origin.x + width - right;
    const float split = origin.y + pad + (height - 2 * pad) * 0.58f;
    layout.lounge = {ImVec2(right_x, origin.y + pad),
                     ImVec2(origin.x + width - pad, split - gap / 2)};
    layout.home = {ImVec2(right_x, split + gap / 2),
                   ImVec2(origin.x + width - pad, layout.floor.max.y - pad)};
    return layout;
  }

  // Narrow: the desks and the resource (the counter beside it), then the lines, then the lounge,
  // the lobby and home side by side.
  const ImVec2 top(origin.x + pad, origin.y + pad);
  const float inner = width - 2 * pad;
  const float counter_wide = counter_width(census, unit);
  float y = top.y + place_desks(layout, census.desks, ImVec2(top.x + counter_wide, top.y),
                                inner - counter_wide, unit);
  const float resource_middle = (layout.resource.min.y + layout.resource.max.y) / 2;
  layout.counter = {
      ImVec2(layout.resource.min.x - counter_wide - 0.2f * unit, resource_middle - 2.2f * unit),
      ImVec2(layout.resource.min.x - 0.2f * unit, resource_middle + 2.2f * unit)};
  y += gap;
  layout.lines = {ImVec2(top.x, y), ImVec2(top.x + inner, y + (lines.empty() ? 0 : lines_height))};
  y = layout.lines.max.y + (lines.empty() ? 0 : gap);
  const float zone_width = (inner - 2 * gap) / 3;
  const float zone_height = 6.0f * unit;
  layout.lounge = {ImVec2(top.x, y), ImVec2(top.x + zone_width, y + zone_height)};
  layout.lobby = {ImVec2(layout.lounge.max.x + gap, y),
                  ImVec2(layout.lounge.max.x + gap + zone_width, y + zone_height)};
  layout.home = {ImVec2(layout.lobby.max.x + gap, y), ImVec2(top.x + inner, y + zone_height)};
  layout.floor = {origin, ImVec2(origin.x + width, y + zone_height + pad)};
  return layout;
}

// [SECTION] Drawing the places -------------------------------------------------------------------

std::vector<std::string> counter_lines(const Census& census, float unit) {
  // With several locks a receptionist stands at the head of each line instead.
  std::string words =
      several_locks(census) ? "receptionists: one per lock" : receptionist_words(census.lock);
  // A lock of its own name that the lines' titles leave out (an RWMutex's): the counter says it.
  if (census.lock_names.size() == 1 && census.lock == LockKind::RWMutex) {
    words += ": " + census.lock_names[0];
  }
  return wrapped_words(words, *ImGui::GetFont(), kCounterText * unit, 5.6f * unit);
}

// Figures in rows inside `box`, named when there is room for names; what does not fit is "+N".
void draw_crowd(Painter& paint, const Census& census, const std::vector<int>& workers, Box box,
                Place place, bool counts_only) {
  const float unit = paint.unit;
  if (workers.empty()) return;
  if (counts_only) {
    const auto count = std::to_string(workers.size());
    const ImVec2 size = paint.text_size(count, 2.0f);
    paint.text(ImVec2(box.min.x + 0.4f * unit, box.min.y + (box.height() - size.y) / 2),
               place_colour(place), count, 2.0f);
    paint.hits.push_back({box.min, box.max, workers.front(), static_cast<int>(workers.size())});
    return;
  }
  const float figure = 1.6f * unit;
  const float named_pitch = 4.2f * unit;
  const float plain_pitch = 1.4f * unit;
  const float named_row = 2.8f * unit;
  const float plain_row = 1.8f * unit;
  const int named_columns = std::max(1, static_cast<int>(box.width() / named_pitch));
  const int named_rows = std::max(1, static_cast<int>(box.height() / named_row));
  const bool named = static_cast<int>(workers.size()) <= named_columns * named_rows;
  const float pitch = named ? box.width() / named_columns : plain_pitch;
  const float row = named ? named_row : plain_row;
  const int columns = named ? named_columns : std::max(1, static_cast<int>(box.width() / pitch));
  const int rows = std::max(1, static_cast<int>(box.height() / row));
  const int room = columns * rows;
  const bool overflow = static_cast<int>(workers.size()) > room;
  const int shown = overflow ? room - 1 : static_cast<int>(workers.size());
  for (int i = 0; i < shown; ++i) {
    const int worker = workers[i];
    const float centre_x = box.min.x + (i % columns + 0.5f) * pitch;
    const float top = box.min.y + (i / columns) * row;
    paint.figure(ImVec2(centre_x, top), figure, place_colour(place), census.holding[worker],
                 worker);
    if (named) {
      paint.text_centred(centre_x, top + figure, palette::kText, worker_name(worker), 0.8f,
                         pitch - 2);
    }
  }
  if (overflow) {
    const auto more = "+" + std::to_string(workers.size() - shown);
    const float x = box.min.x + (shown % columns) * pitch;
    const float y = box.min.y + (shown / columns) * row + 0.3f * unit;
    paint.text(ImVec2(x, y), palette::kText, more, 0.85f);
    paint.hits.push_back({ImVec2(x, y), ImVec2(x + paint.text_size(more, 0.85f).x, y + unit),
                          workers[shown], static_cast<int>(workers.size()) - shown});
  }
}

// A place with a title ("Lounge: thinking (3)") and its crowd.
// `title` is "Lounge: thinking"; where that does not fit, only the part before the colon.
void draw_zone(Painter& paint, const Census& census, Place place, Box box, const char* title,
               bool counts_only) {
  const float unit = paint.unit;
  paint.draw.AddRectFilled(box.min, box.max, palette::kPanelRaised, 0.4f * unit);
  const auto& workers = census.in[static_cast<int>(place)];
  const auto count = " (" + std::to_string(workers.size()) + ")";
  auto heading = std::string(title) + count;
  if (paint.text_size(heading, 0.85f).x > box.width() - 0.8f * unit) {
    heading = std::string(title).substr(0, std::string(title).find(':')) + count;
  }
  paint.text_fitted(ImVec2(box.min.x + 0.4f * unit, box.min.y + 0.25f * unit), palette::kTextQuiet,
                    heading, 0.85f, box.width() - 0.8f * unit);
  const Box inside = {ImVec2(box.min.x + 0.3f * unit, box.min.y + 1.4f * unit),
                      ImVec2(box.max.x - 0.3f * unit, box.max.y - 0.2f * unit)};
  draw_crowd(paint, census, workers, inside, place, counts_only);
}

void draw_desks(Painter& paint, const Census& census, const Layout& layout) {
  const float unit = paint.unit;
  for (int desk = 0; desk < static_cast<int>(layout.desks.size()); ++desk) {
    const Box& cell = layout.desks[desk];
    const float centre_x = (cell.min.x + cell.max.x) / 2;
    const int worker = census.at_desk[desk];
    const float figure = 2.0f * unit;
    const ImVec2 table_min(cell.min.x + 0.5f * unit, cell.min.y + 1.75f * unit);
    const ImVec2 table_max(cell.max.x - 0.5f * unit, cell.min.y + 2.75f * unit);
    if (worker >= 0) {
      // Holders of the lock are joined to the resource: they are the ones inside it.
      const auto holding = census.holding[worker];
      if (holding != Holding::Nothing) {
        const float to_y =
            cell.max.y <= layout.resource.min.y ? layout.resource.min.y : layout.resource.max.y;
        // From under the desk's words above the resource, from the figure's head below it.
        const float from_y = cell.max.y <= layout.resource.min.y ? cell.max.y : cell.min.y;
        paint.draw.AddLine(
            ImVec2(centre_x, from_y),
            ImVec2(std::clamp(centre_x, layout.resource.min.x + unit, layout.resource.max.x - unit),
                   to_y),
            holding_colour(holding), 0.15f * unit);
      }
      paint.figure(ImVec2(centre_x, cell.min.y + 0.1f * unit), figure, place_colour(Place::Desk),
                   holding, worker);
    }
    paint.draw.AddRectFilled(table_min, table_max, palette::kDeskTop, 0.2f * unit);
    paint.text_centred(centre_x, table_min.y + 0.12f * unit, palette::kText,
                       "desk " + std::to_string(desk + 1), 0.7f, table_max.x - table_min.x);
    const float width = cell.width() - 0.2f * unit;
    if (worker >= 0) {
      paint.text_centred(centre_x, table_max.y + 0.1f * unit, palette::kText, worker_name(worker),
                         0.85f, width);
      const auto holding = census.holding[worker];
      if (holding != Holding::Nothing) {
        paint.text_centred(centre_x, table_max.y + 1.0f * unit, holding_colour(holding),
                           holding_words(census, worker), 0.75f, width);
      }
    } else {
      paint.text_centred(centre_x, table_max.y + 0.1f * unit, palette::kTextQuiet, "free", 0.85f,
                         width);
    }
  }
}

// How the resource stands now, in a few words from the summary's outcome.
std::string resource_status(const Summary& summary) {
  const auto& outcome = summary.outcome;
  const auto number = [&](const char* key) -> long long {
    const auto found = outcome.find(key);
    return found != outcome.end() && found->is_number() ? found->get<long long>() : 0;
  };
  const auto size_of = [&](const char* key) -> std::size_t {
    const auto found = outcome.find(key);
    return found != outcome.end() && found->is_array() ? found->size() : 0;
  };
  const auto& scenario = summary.config.scenario;
  char text[96] = "";
  if (scenario == "booking" && outcome.contains("slots") && outcome["slots"].is_array()) {
    int taken = 0;
    for (const auto& slot : outcome["slots"]) {
      if (slot.contains("names") && slot["names"].is_array() && !slot["names"].empty()) ++taken;
    }
    std::snprintf(text, sizeof text, "%d of %zu slots taken", taken, outcome["slots"].size());
  } else if (scenario == "flash-sale") {
    std::snprintf(text, sizeof text, "%lld on the shelf, %s", number("stock"),
                  counted(static_cast<std::int64_t>(size_of("orders")), "order", "orders").c_str());
  } else if (scenario == "ledger") {
    std::snprintf(text, sizeof text, "balance %lld, paid out %lld", number("balance"),
                  number("paid_out"));
  } else if (scenario == "bulletin") {
    std::snprintf(text, sizeof text, "%lld updates, %lld reads", number("updates"),
                  number("reads"));
  } else if (scenario == "pool") {
    std::size_t held = 0;
    if (outcome.contains("holders") && outcome["holders"].is_array()) {
      for (const auto& holder : outcome["holders"])
        held += holder.is_string();
    }
    std::snprintf(text, sizeof text, "%zu of %lld connections in use", held, number("connections"));
  } else if (scenario == "cache") {
    std::snprintf(text, sizeof text, "%lld reads, %lld writes", number("reads"), number("writes"));
  } else if (scenario == "abba") {
    std::snprintf(text, sizeof text, "%lld of %lld meetings held", number("meetings"),
                  number("workers"));
  } else if (scenario == "rwr" || scenario == "double-lock") {
    std::snprintf(text, sizeof text, "%lld done", number("done"));
  }
  return text;
}

// The violations in a few words, and a count that says what it counts: the torn reads among
// all the reads of the board, the slots booked twice, or else the reports listed under the
// verdict ("overdraft and 2 more reports": a report per kind of harm, or per worker who saw it).
std::string violation_words(const Summary& summary) {
  const auto& violations = summary.violations;
  auto kind = violations.front().kind;
  std::replace(kind.begin(), kind.end(), '-', ' ');
  const auto& outcome = summary.outcome;
  const auto torn = outcome.find("torn");
  const auto reads = outcome.find("reads");
  if (summary.config.scenario == "bulletin" && torn != outcome.end() && torn->is_number() &&
      reads != outcome.end() && reads->is_number()) {
    return "torn reads: " + std::to_string(torn->get<std::int64_t>()) + " of " +
           std::to_string(reads->get<std::int64_t>());
  }
  const auto count = static_cast<std::int64_t>(violations.size());
  if (count == 1) return kind;
  const bool one_kind = std::all_of(violations.begin(), violations.end(), [&](const Violation& v) {
    return v.kind == violations[0].kind;
  });
  if (!one_kind) return kind + " and " + counted(count - 1, "more report", "more reports");
  if (summary.config.scenario == "booking") return kind + ": " + counted(count, "slot", "slots");
  return kind + ": " + counted(count, "report", "reports");
}

struct Flash {
  bool broken = false;    // the summary has violations: the resource is outlined red
  bool blinking = false;  // they are recent: it blinks
  bool on = false;        // the blink's phase this frame
};

void draw_resource_table(Painter& paint, const Summary& summary, const Layout& layout,
                         const Flash& flash) {
  const float unit = paint.unit;
  const Box& box = layout.resource;
  const ImU32 fill = flash.blinking && flash.on ? palette::kBrokenBright : palette::kResource;
  paint.draw.AddRectFilled(box.min, box.max, fill, 0.5f * unit);
  if (flash.broken) {
    paint.draw.AddRect(box.min, box.max, palette::kBroken, 0.5f * unit, 0, 0.3f * unit);
  } else {
    paint.draw.AddRect(box.min, box.max, palette::kResourceEdge, 0.5f * unit, 0, 0.1f * unit);
  }
  const float centre_x = (box.min.x + box.max.x) / 2;
  const float width = box.width() - unit;
  paint.text_centred(centre_x, box.min.y + 0.35f * unit, palette::kText,
                     resource_name(summary.config.scenario), 1.15f, width);
  // In full text: the quiet shade has only 4:1 on the resource's blue-grey.
  paint.text_centred(centre_x, box.min.y + 1.6f * unit, palette::kText, resource_status(summary),
                     0.8f, width);
  if (flash.broken) {
    const ImU32 words = flash.blinking && flash.on ? palette::kText : palette::kTextBroken;
    paint.text_centred(centre_x, box.min.y + 2.6f * unit, words, violation_words(summary), 0.95f,
                       width);
  }
}

void draw_reception(Painter& paint, const Census& census, const Layout& layout, bool counts_only) {
  const float unit = paint.unit;
  const Box& counter = layout.counter;
  const float centre_x = (counter.min.x + counter.max.x) / 2;
  const bool guarded = !lines_of(census.lock).empty();
  if (guarded && !several_locks(census)) {
    paint.figure(ImVec2(centre_x, counter.min.y + 0.2f * unit), 2.0f * unit, palette::kHolding,
                 Holding::Nothing, -1);
  }
  const ImVec2 desk_min(counter.min.x + 0.2f * unit, counter.min.y + 1.9f * unit);
  const ImVec2 desk_max(counter.max.x - 0.2f * unit, counter.min.y + 2.7f * unit);
  paint.draw.AddRectFilled(desk_min, desk_max, guarded ? palette::kHolding : palette::kPanelRaised,
                           0.2f * unit);
  // Under the counter, a line each; where nobody stands behind it, its first line takes the
  // receptionist's place above it.
  const auto lines_of_words = counter_lines(census, unit);
  float words_y = desk_max.y + 0.1f * unit;
  for (std::size_t index = 0; index < lines_of_words.size(); ++index) {
    const bool above = !guarded && index == 0;
    const float y = above ? desk_min.y - 1.0f * unit : words_y;
    paint.text_centred(centre_x, y, index == 0 && guarded ? palette::kText : palette::kTextQuiet,
                       lines_of_words[index], kCounterText, counter.width());
    if (!above) words_y += 0.8f * unit;
  }

  // The lines face the counter: the first in line stands nearest to it. With several locks
  // each line has its own receptionist at its head, and its title names the lock.
  float y = layout.lines.min.y;
  for (const auto& line : lines_of(census)) {
    const auto workers = workers_in(census, line);
    const auto title = line_words(census, line) + " (" + std::to_string(workers.size()) + ")";
    paint.text_fitted(ImVec2(layout.lines.min.x, y), place_colour(line.place), title, 0.8f,
                      layout.lines.width());
    const float row_top = y + 1.1f * unit;
    const float row_bottom = row_top + 1.9f * unit;
    paint.draw.AddLine(ImVec2(layout.lines.min.x, row_bottom + 0.1f * unit),
                       ImVec2(layout.lines.max.x, row_bottom + 0.1f * unit), palette::kPanelRaised,
                       0.12f * unit);
    float front = layout.lines.max.x;
    if (line.lock >= 0) {
      paint.figure(ImVec2(front - 0.9f * unit, row_top), 1.8f * unit, palette::kHolding,
                   Holding::Nothing, -1);
      front -= 2.2f * unit;
    }
    const float room_width = front - layout.lines.min.x;
    // Named, apart, where there is room for a name each; else close together.
    const float named_pitch = 4.2f * unit;
    const int count = static_cast<int>(workers.size());
    const bool named = count * named_pitch <= room_width;
    const float pitch = named ? named_pitch : 1.45f * unit;
    const int room = std::max(1, static_cast<int>(room_width / pitch));
    if (counts_only && count > room) {
      const auto text = std::to_string(count) + " in line";
      paint.text(ImVec2(front - paint.text_size(text, 1.2f).x, row_top), palette::kText, text,
                 1.2f);
      paint.hits.push_back(
          {ImVec2(layout.lines.min.x, row_top), ImVec2(front, row_bottom), workers.front(), count});
    } else {
      const bool overflow = count > room;
      const int shown = overflow ? room - 1 : count;
      for (int i = 0; i < shown; ++i) {
        const float x = front - (i + 0.5f) * pitch;
        paint.figure(ImVec2(x, row_top), 1.8f * unit, place_colour(line.place),
                     census.holding[workers[i]], workers[i]);
        if (named) {
          paint.text_centred(x, row_bottom + 0.25f * unit, palette::kText, worker_name(workers[i]),
                             0.75f, pitch - 2);
        }
      }
      if (overflow) {
        const auto more = "+" + std::to_string(count - shown);
        paint.text(ImVec2(layout.lines.min.x, row_top + 0.3f * unit), palette::kText, more, 0.85f);
        paint.hits.push_back({ImVec2(layout.lines.min.x, row_top),
                              ImVec2(layout.lines.min.x + 2 * unit, row_bottom), workers[shown],
                              count - shown});
      }
    }
    y += line_height(unit);
  }
}

// [SECTION] The density grid ---------------------------------------------------------------------

// A cell per worker (or per group of workers past kMostCells), coloured by where they are; a
// legend with the counts under it. Returns the grid's box.
Box draw_density(Painter& paint, const Census& census, ImVec2 origin, float width) {
  const float unit = paint.unit;
  const int workers = census.workers;
  const int group = (workers + kMostCells - 1) / kMostCells;
  const int cells = (workers + group - 1) / group;
  const float target_height = 11.0f * unit;
  const float cell =
      std::clamp(std::floor(std::sqrt(width * target_height / cells)), 3.0f, 1.2f * unit);
  const int columns = std::max(1, static_cast<int>(width / cell));
  const int rows = (cells + columns - 1) / columns;
  const float gap = cell >= 6 ? 1.0f : 0.0f;
  for (int index = 0; index < cells; ++index) {
    // The place most of the cell's workers are in.
    std::array<int, kPlaces> tally{};
    const int first = index * group;
    const int last = std::min(workers, first + group);
    for (int worker = first; worker < last; ++worker)
      ++tally[static_cast<int>(census.place_of[worker])];
    const auto most =
        static_cast<Place>(std::max_element(tally.begin(), tally.end()) - tally.begin());
    const ImVec2 min(origin.x + (index % columns) * cell, origin.y + (index / columns) * cell);
    paint.draw.AddRectFilled(min, ImVec2(min.x + cell - gap, min.y + cell - gap),
                             place_colour(most));
  }
  const Box grid = {origin, ImVec2(origin.x + columns * cell, origin.y + rows * cell)};
  // One hit for the whole grid; the tooltip works out the cell from the pointer.
  paint.hits.push_back({grid.min, grid.max, 0, workers, cell, columns, group});
  return grid;
}

void draw_legend(Painter& paint, const Census& census, ImVec2 origin, float width, bool counts) {
  const float unit = paint.unit;
  const std::array<std::pair<Place, const char*>, kPlaces> entries = {{
      {Place::Desk, "at a desk"},
      {Place::LineLock, line_title(census.lock, Place::LineLock)},
      {Place::LineRead, "waiting to read"},
      {Place::LineChannel, "waiting on the channel"},
      {Place::Lounge, "thinking"},
      {Place::Lobby, "waiting for a desk"},
      {Place::Home, "done"},
  }};
  const auto lines = lines_of(census.lock);
  float x = origin.x;
  float y = origin.y;
  for (const auto& [place, words] : entries) {
    const bool is_line =
        place == Place::LineLock || place == Place::LineRead || place == Place::LineChannel;
    if (is_line && std::find(lines.begin(), lines.end(), place) == lines.end()) continue;
    std::string text = words;
    if (counts) text += " " + std::to_string(census.in[static_cast<int>(place)].size());
    const float entry = 1.2f * unit + paint.text_size(text, 0.8f).x + 1.0f * unit;
    if (x + entry > origin.x + width && x > origin.x) {
      x = origin.x;
      y += 1.2f * unit;
    }
    paint.draw.AddRectFilled(ImVec2(x, y + 0.2f * unit), ImVec2(x + 0.8f * unit, y + 1.0f * unit),
                             place_colour(place), 0.15f * unit);
    paint.text(ImVec2(x + 1.1f * unit, y + 0.1f * unit), palette::kTextQuiet, text, 0.8f);
    x += entry;
  }
  // The badges, so that W and R explain themselves.
  if (census.lock != LockKind::None && census.lock != LockKind::Atomic) {
    const bool rw = census.lock == LockKind::RWMutex;
    const std::string text = rw                                   ? "W holds it to write, R to read"
                             : census.lock == LockKind::Semaphore ? "K holds a key"
                                                                  : "L holds the lock";
    const float entry = paint.text_size(text, 0.8f).x + 1.0f * unit;
    if (x + entry > origin.x + width && x > origin.x) {
      x = origin.x;
      y += 1.2f * unit;
    }
    paint.draw.AddCircleFilled(ImVec2(x + 0.4f * unit, y + 0.6f * unit), 0.35f * unit,
                               palette::kHoldsAlone);
    paint.text(ImVec2(x + 1.1f * unit, y + 0.1f * unit), palette::kTextQuiet, text, 0.8f);
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x, y + 1.4f * unit));
}

// [SECTION] Violations: who was involved, and the flash ------------------------------------------

// True when `text` names the worker: "Alice" in "Alice and Bob", not in "Alice 2".
bool names_worker(const std::string& text, const std::string& name) {
  for (auto at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    const auto end = at + name.size();
    const bool starts = at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]));
    const bool numbered = end + 1 < text.size() && text[end] == ' ' &&
                          std::isdigit(static_cast<unsigned char>(text[end + 1]));
    const bool ends = end == text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
    if (starts && ends && !numbered) return true;
  }
  return false;
}

// What the floor remembers between frames: when the violations it shows appeared, and whom they
// name. One floor is drawn per page, so one memory is enough.
struct FloorMemory {
  const Run* run = nullptr;
  double elapsed_ms = 0.0;  // a run's clock going back means a new run at the old address
  std::size_t violations_seen = 0;
  double flash_since = -1e9;
  std::vector<char> marked;
};

FloorMemory& memory() {
  static FloorMemory floor_memory;
  return floor_memory;
}

constexpr double kFlashSeconds = 3.0;

Flash update_flash(const Run* run, const Summary& summary, int workers, double now) {
  auto& remembered = memory();
  const auto violations = summary.violations.size();
  // A new run starts over (also one that took the old one's place in memory).
  const double elapsed = run ? run->elapsed_ms() : 0.0;
  if (remembered.run != run || elapsed < remembered.elapsed_ms ||
      violations < remembered.violations_seen) {
    remembered = FloorMemory{};
    remembered.run = run;
  }
  remembered.elapsed_ms = elapsed;
  if (violations > remembered.violations_seen) {
    remembered.violations_seen = violations;
    remembered.flash_since = now;
    // The names the scenario's reports mention, and everyone in a double-booked slot (a report
    // names only the first few); past the figures' limit nobody is drawn alone.
    remembered.marked.assign(workers <= kMostFigures ? workers : 0, 0);
    std::set<std::string> doubled;
    const auto slots = summary.outcome.find("slots");
    if (slots != summary.outcome.end() && slots->is_array()) {
      for (const auto& slot : *slots) {
        const auto names = slot.find("names");
        if (names == slot.end() || !names->is_array() || names->size() < 2) continue;
        for (const auto& name : *names) {
          if (name.is_string()) doubled.insert(name.get<std::string>());
        }
      }
    }
    for (int worker = 0; worker < static_cast<int>(remembered.marked.size()); ++worker) {
      const auto name = worker_name(worker);
      if (doubled.count(name)) {
        remembered.marked[worker] = 1;
        continue;
      }
      for (const auto& violation : summary.violations) {
        if (names_worker(violation.detail, name)) {
          remembered.marked[worker] = 1;
          break;
        }
      }
    }
  }
  Flash flash;
  flash.broken = violations > 0;
  flash.blinking = flash.broken && now - remembered.flash_since < kFlashSeconds;
  flash.on = flash.blinking && std::fmod(now - remembered.flash_since, 0.5) < 0.25;
  return flash;
}

// [SECTION] The line in words --------------------------------------------------------------------

// Who queues at the receptionist, in words under the picture (the names the figures leave out).
void draw_lines_in_words(const Census& census) {
  constexpr std::size_t kNamed = 12;
  for (const auto& line : lines_of(census)) {
    const auto workers = workers_in(census, line);
    if (workers.empty()) continue;
    ImGui::PushStyleColor(ImGuiCol_Text, place_colour(line.place));
    ImGui::TextUnformatted(line_words(census, line).c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextDisabled("(%zu)", workers.size());
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(join_names(workers, kNamed).c_str());
    ImGui::PopTextWrapPos();
  }
}

// The worker (or the workers) under the pointer, and what they are doing. Returns the hit shown
// (null when none) and the first worker it names.
std::pair<const Hit*, int> show_tooltip(const Census& census, const std::vector<Hit>& hits) {
  const ImVec2 mouse = ImGui::GetMousePos();
  for (auto hit = hits.rbegin(); hit != hits.rend(); ++hit) {
    if (!ImGui::IsMouseHoveringRect(hit->min, hit->max)) continue;
    std::string text;
    int named = hit->first;
    if (hit->group > 0) {
      const int index = static_cast<int>((mouse.y - hit->min.y) / hit->cell) * hit->columns +
                        static_cast<int>((mouse.x - hit->min.x) / hit->cell);
      const int first = index * hit->group;
      if (index < 0 || first >= census.workers) return {nullptr, -1};
      const int last = std::min(census.workers, first + hit->group);
      named = first;
      if (last - first == 1) {
        text = describe(census, first);
      } else {
        text = worker_name(first) + " to " + worker_name(last - 1) + ":";
        for (int worker = first; worker < last; ++worker)
          text += "\n  " + describe(census, worker);
      }
    } else if (hit->count == 1) {
      text = describe(census, hit->first);
    } else {
      text = std::to_string(hit->count) + " workers, such as " + describe(census, hit->first);
    }
    ImGui::SetTooltip("%s", text.c_str());
    return {&*hit, named};
  }
  return {nullptr, -1};
}

void publish(DrawnRects& drawn, const char* name, Box box, int value = -1) {
  drawn.push_back({name, box.min.x, box.min.y, box.width(), box.height(), value});
}

}  // namespace

// [SECTION] Entry point --------------------------------------------------------------------------

void draw_floor(const Run* run, const Summary& summary, const RaceHighlight& highlight,
                DrawnRects& drawn) {
  const auto started = std::chrono::steady_clock::now();
  const auto census = take_census(run, summary);
  const float unit = ImGui::GetFontSize();
  // A panel squeezed to nothing still gets a floor to draw in (the window clips it).
  const float width = std::max(ImGui::GetContentRegionAvail().x, 12.0f * unit);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const bool counts_only = census.workers > kMostFigures;
  const auto layout = lay_out(origin, width, census, unit);
  const auto flash = update_flash(run, summary, census.workers, ImGui::GetTime());

  Painter paint(*ImGui::GetWindowDrawList(), ImGui::GetFont(), unit);
  paint.marked = memory().marked;
  paint.blink_on = flash.on;
  paint.lock = census.lock;
  paint.highlight = &highlight;

  // The floor's box is an item: the window knows its height and scrolls over it.
  ImGui::Dummy(ImVec2(width, layout.floor.height()));

  paint.draw.AddRectFilled(layout.floor.min, layout.floor.max, palette::kPanel, 0.5f * unit);
  draw_zone(paint, census, Place::Lobby, layout.lobby, "Lobby: waiting for a desk", counts_only);
  draw_zone(paint, census, Place::Lounge, layout.lounge, "Lounge: thinking", counts_only);
  draw_zone(paint, census, Place::Home, layout.home, "Gone home: done", counts_only);
  draw_resource_table(paint, summary, layout, flash);
  draw_desks(paint, census, layout);
  draw_reception(paint, census, layout, counts_only);

  publish(drawn, "floor-view", layout.floor);
  publish(drawn, "floor-resource", layout.resource);
  publish(drawn, "floor-counter", layout.counter);
  const auto lines = lines_of(census);
  for (std::size_t index = 0; index < lines.size(); ++index) {
    const auto& line = lines[index];
    std::string name = line.place == Place::LineRead      ? "floor-line-read"
                       : line.place == Place::LineChannel ? "floor-line-channel"
                                                          : "floor-line-lock";
    // Several locks: "floor-line-lock-0", "floor-line-lock-1".
    if (line.lock >= 0) name += "-" + std::to_string(line.lock);
    // The row the figures stand in, the line's title above it left out.
    const float top = layout.lines.min.y + index * line_height(unit) + 1.1f * unit;
    publish(drawn, name.c_str(),
            {ImVec2(layout.lines.min.x, top), ImVec2(layout.lines.max.x, top + 1.9f * unit)},
            static_cast<int>(workers_in(census, line).size()));
  }
  publish(drawn, "floor-lobby", layout.lobby, count_in(census, Place::Lobby));
  publish(drawn, "floor-lounge", layout.lounge, count_in(census, Place::Lounge));
  publish(drawn, "floor-home", layout.home, count_in(census, Place::Home));

  Box grid{};
  if (counts_only) {
    ImGui::Spacing();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    paint.text(at, palette::kTextQuiet,
               census.workers > kMostCells
                   ? "Every worker: one cell per " +
                         std::to_string((census.workers + kMostCells - 1) / kMostCells) +
                         " workers, in the colour of most of them"
                   : std::string("Every worker, one cell each"),
               0.85f);
    grid = draw_density(paint, census, ImVec2(at.x, at.y + 1.2f * unit), width);
    ImGui::Dummy(ImVec2(width, grid.height() + 1.4f * unit));
    publish(drawn, "floor-density", grid);
  }
  ImGui::Spacing();
  draw_legend(paint, census, ImGui::GetCursorScreenPos(), width, counts_only);
  ImGui::Dummy(ImVec2(width, 0.0f));

  if (ImGui::IsWindowHovered()) {
    const auto [hit, worker] = show_tooltip(census, paint.hits);
    if (hit) publish(drawn, "floor-hover", {hit->min, hit->max}, worker);
  }

  draw_lines_in_words(census);

  // What drawing the floor cost this frame (the tests check it stays small at 10,000 workers).
  const auto spent = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  publish(drawn, "floor-draw-time", {}, static_cast<int>(spent.count()));
}

}  // namespace racelab::ui
