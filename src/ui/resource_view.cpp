// The shared resource of each scenario, drawn from the summary's outcome.
//
// [SECTION] Shared drawing helpers
// [SECTION] booking: the calendar
// [SECTION] flash-sale: the shelf
// [SECTION] ledger: the account
// [SECTION] bulletin: the board
// [SECTION] pool: the connections
// [SECTION] cache: the map
// [SECTION] Dispatch

#include <imgui.h>

#include <algorithm>
#include <string>

#include "core/names.hpp"
#include "ui/views.hpp"

namespace racelab::ui {

namespace {

// [SECTION] Shared drawing helpers ---------------------------------------------------------------

constexpr ImU32 kFree = IM_COL32(46, 52, 64, 255);
constexpr ImU32 kTaken = IM_COL32(40, 110, 70, 255);
constexpr ImU32 kBroken = IM_COL32(200, 40, 40, 255);
constexpr ImU32 kChip = IM_COL32(245, 245, 240, 255);
constexpr ImU32 kChipText = IM_COL32(20, 20, 24, 255);
constexpr ImU32 kLabel = IM_COL32(220, 220, 220, 255);
constexpr ImU32 kHighlight = IM_COL32(255, 210, 60, 255);

float font() {
  return ImGui::GetFontSize();
}

void caption(const char* text) {
  ImGui::TextDisabled("%s", text);
}

// A band with a label on the left and name chips inside, `width` wide (0: the whole line);
// returns nothing, advances the cursor.
void draw_band(const std::string& label, const std::vector<std::string>& names, ImU32 fill,
               const char* note = nullptr, float width = 0.0f) {
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  if (width <= 0.0f) width = ImGui::GetContentRegionAvail().x;
  const float height = 1.9f * font();
  const float label_width = 4.5f * font();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  draw.AddText(ImVec2(origin.x, origin.y + (height - font()) / 2), kLabel, label.c_str());
  const ImVec2 band_min(origin.x + label_width, origin.y);
  const ImVec2 band_max(origin.x + width, origin.y + height);
  draw.AddRectFilled(band_min, band_max, fill, 0.25f * font());

  float x = band_min.x + 0.4f * font();
  const float chip_height = height - 0.5f * font();
  const float note_width = note ? ImGui::CalcTextSize(note).x + font() : 0.0f;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const ImVec2 text_size = ImGui::CalcTextSize(names[i].c_str());
    const float chip_width = text_size.x + 0.9f * font();
    if (x + chip_width + 3 * font() > band_max.x - note_width) {
      const auto more = "+" + std::to_string(names.size() - i);
      draw.AddText(ImVec2(x, origin.y + (height - font()) / 2), kChip, more.c_str());
      break;
    }
    const ImVec2 chip_min(x, origin.y + (height - chip_height) / 2);
    draw.AddRectFilled(chip_min, ImVec2(x + chip_width, chip_min.y + chip_height), kChip,
                       chip_height / 2);
    draw.AddText(ImVec2(x + 0.45f * font(), origin.y + (height - text_size.y) / 2), kChipText,
                 names[i].c_str());
    x += chip_width + 0.3f * font();
  }
  if (note) {
    const ImVec2 size = ImGui::CalcTextSize(note);
    draw.AddText(ImVec2(band_max.x - size.x - 0.5f * font(), origin.y + (height - size.y) / 2),
                 kChip, note);
  }
  ImGui::Dummy(ImVec2(width, height + 0.3f * font()));
}

std::vector<std::string> strings(const nlohmann::json& list) {
  std::vector<std::string> names;
  for (const auto& item : list) {
    if (item.is_string()) names.push_back(item.get<std::string>());
  }
  return names;
}

// A ring around the item just drawn (a figure, a band), where the selected race happened.
void ring_last_item(bool on) {
  if (!on) return;
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  ImGui::GetWindowDrawList()->AddRect(ImVec2(min.x - 3, min.y - 3), ImVec2(max.x + 3, max.y),
                                      kHighlight, 0.3f * font(), 0, 3.0f);
}

void ring_rect(bool on, ImVec2 min, ImVec2 max) {
  if (on) ImGui::GetWindowDrawList()->AddRect(min, max, kHighlight, 0.3f * font(), 0, 3.0f);
}

// A large figure with a caption under it, side by side with the next one.
void figure(const char* caption_text, const std::string& value, ImU32 colour, bool last = false,
            bool ringed = false) {
  ImGui::BeginGroup();
  ImGui::SetWindowFontScale(1.8f);
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextUnformatted(value.c_str());
  ImGui::PopStyleColor();
  ImGui::SetWindowFontScale(1.0f);
  ImGui::TextDisabled("%s", caption_text);
  ImGui::EndGroup();
  ring_last_item(ringed);
  if (!last) ImGui::SameLine(0, 3 * font());
}

// [SECTION] booking: the calendar ----------------------------------------------------------------

// How wide a band must be to show every name and its note (draw_band keeps 3 em for "+N").
float band_width_for(const std::vector<std::string>& names, const char* note) {
  float width = 4.5f * font() + 0.4f * font() + 3 * font();
  for (const auto& name : names)
    width += ImGui::CalcTextSize(name.c_str()).x + 1.2f * font();
  if (note) width += ImGui::CalcTextSize(note).x + font();
  return width;
}

// The slots side by side, in time order, as many to a row as fit: a free slot takes one cell,
// a slot with names as many cells as its names need (up to the whole row). The whole day then
// takes three or four rows on a wide screen instead of nine, and the panels below stay in view.
void draw_calendar(const Summary& summary, const RaceHighlight& highlight) {
  caption("Calendar of the conference room");
  const float gap = font();
  const float available = ImGui::GetContentRegionAvail().x;
  const int cells = std::clamp(static_cast<int>((available + gap) / (14 * font() + gap)), 1, 4);
  const float cell = (available - static_cast<float>(cells - 1) * gap) / cells;
  const float row_step = 2.25f * font();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  int row = 0;
  int column = 0;
  int slot_index = 0;
  for (const auto& slot : summary.outcome["slots"]) {
    const auto names = strings(slot["names"]);
    const char* note = names.size() > 1 ? "double booked" : nullptr;
    int span = 1;
    while (span < cells && span * cell + (span - 1) * gap < band_width_for(names, note))
      ++span;
    if (column + span > cells) {
      ++row;
      column = 0;
    }
    const float width = span * cell + static_cast<float>(span - 1) * gap;
    const ImVec2 top_left(origin.x + static_cast<float>(column) * (cell + gap),
                          origin.y + static_cast<float>(row) * row_step);
    column += span;
    ImGui::SetCursorScreenPos(top_left);
    const ImU32 fill = names.empty() ? kFree : names.size() == 1 ? kTaken : kBroken;
    draw_band(slot["slot"].get<std::string>(), names, fill, note, width);
    // The slot the selected race was about (the calendar's first fields are its slots).
    if (highlight.active && highlight.field == slot_index) {
      ImGui::GetWindowDrawList()->AddRect(
          ImVec2(top_left.x + 4.3f * font(), top_left.y - 2),
          ImVec2(top_left.x + width + 2, top_left.y + 1.9f * font() + 2), kHighlight, 0.3f * font(),
          0, 3.0f);
    }
    ++slot_index;
  }
  // Below the last row.
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + static_cast<float>(row + 1) * row_step));
  ImGui::Dummy(ImVec2(0.0f, 0.0f));
}

// [SECTION] flash-sale: the shelf ----------------------------------------------------------------

void draw_shelf(const Summary& summary, const RaceHighlight& highlight) {
  const bool on_stock = highlight.active && highlight.field == 0;
  const bool on_orders = highlight.active && highlight.field > 0;
  const auto& outcome = summary.outcome;
  const auto start = outcome["starting_stock"].get<std::int64_t>();
  const auto orders = strings(outcome["orders"]);
  const bool oversold = static_cast<std::int64_t>(orders.size()) > start;
  caption("The shelf and the orders");
  figure("pairs on the shelf", std::to_string(outcome["stock"].get<std::int64_t>()), kLabel, false,
         on_stock);
  figure("pairs at the start", std::to_string(start), kLabel);
  figure("orders", std::to_string(orders.size()), oversold ? kBroken : kLabel, true);
  ImGui::Spacing();
  draw_band("orders", orders,
            oversold         ? kBroken
            : orders.empty() ? kFree
                             : kTaken,
            oversold ? "oversold" : nullptr);
  ring_last_item(on_orders);
}

// [SECTION] ledger: the account ------------------------------------------------------------------

void draw_ledger(const Summary& summary, const RaceHighlight& highlight) {
  const bool on_balance = highlight.active && highlight.field == 0;
  const auto& outcome = summary.outcome;
  const auto start = outcome["starting_balance"].get<std::int64_t>();
  const auto paid = outcome["paid_out"].get<std::int64_t>();
  const bool broken = !summary.violations.empty();
  caption("The account");
  figure("balance in the ledger", std::to_string(outcome["balance"].get<std::int64_t>()),
         broken ? kBroken : kLabel, false, on_balance);
  figure("at the start", std::to_string(start), kLabel);
  figure("paid out", std::to_string(paid), paid > start ? kBroken : kLabel, true);
  ImGui::Spacing();
  draw_band("approved", strings(outcome["approved"]), broken ? kBroken : kTaken,
            paid > start ? "overdrawn" : nullptr);
  ring_last_item(highlight.active && highlight.field > 0);
}

// [SECTION] bulletin: the board ------------------------------------------------------------------

ImU32 version_colour(std::int64_t version) {
  if (version == 0) return kFree;
  ImVec4 colour;
  ImGui::ColorConvertHSVtoRGB(static_cast<float>(version % 7) / 7.0f, 0.55f, 0.75f, colour.x,
                              colour.y, colour.z);
  return ImGui::GetColorU32(ImVec4(colour.x, colour.y, colour.z, 1.0f));
}

void draw_board(const Summary& summary, const RaceHighlight& highlight) {
  const auto& outcome = summary.outcome;
  caption("The notice on the board, one colour per version");
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const float width = ImGui::GetContentRegionAvail().x;
  const float cell = (width - 3 * 0.5f * font()) / 4;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  int index = 0;
  for (const auto& sheet : outcome["board"]) {
    const auto field = sheet["field"].get<std::string>();
    const auto& version = sheet["version"];
    const ImVec2 min(origin.x + index * (cell + 0.5f * font()), origin.y);
    draw.AddRectFilled(min, ImVec2(min.x + cell, min.y + 3 * font()),
                       version_colour(version.get<std::int64_t>()), 0.3f * font());
    const auto text = field + " v" + std::to_string(version.get<std::int64_t>());
    draw.AddText(ImVec2(min.x + 0.5f * font(), min.y + font()), kChip, text.c_str());
    ring_rect(highlight.active && highlight.field == index, ImVec2(min.x - 3, min.y - 3),
              ImVec2(min.x + cell + 3, min.y + 3 * font() + 3));
    ++index;
  }
  ImGui::Dummy(ImVec2(width, 3.4f * font()));
  ImGui::Text("%s writes (%s); %s so far", outcome["writer"].get<std::string>().c_str(),
              counted(outcome["updates"].get<std::int64_t>(), "update", "updates").c_str(),
              counted(outcome["reads"].get<std::int64_t>(), "read", "reads").c_str());
  for (const auto& reader : outcome["readers"]) {
    const auto torn = reader["torn"].get<std::int64_t>();
    std::vector<std::string> chips = {
        counted(reader["reads"].get<std::int64_t>(), "read", "reads")};
    if (torn > 0) chips.push_back(std::to_string(torn) + " torn");
    draw_band(reader["name"].get<std::string>(), chips, torn > 0 ? kBroken : kTaken);
    if (ImGui::GetContentRegionAvail().y < 2 * font()) break;
  }
}

// [SECTION] pool: the connections ----------------------------------------------------------------

void draw_pool(const Summary& summary, const RaceHighlight& highlight) {
  const auto& outcome = summary.outcome;
  caption("Connections and who holds them now");
  int index = 1;
  for (const auto& holder : outcome["holders"]) {
    std::vector<std::string> names;
    if (holder.is_string()) names.push_back(holder.get<std::string>());
    draw_band("conn " + std::to_string(index), names, names.empty() ? kFree : kTaken);
    ring_last_item(highlight.active && highlight.field == index - 1);  // holders come first
    ++index;
  }
  if (!summary.violations.empty()) {
    const auto clashes = static_cast<std::int64_t>(summary.violations.size());
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.42f, 1.0f), "%s: a connection in two hands",
                       counted(clashes, "clash", "clashes").c_str());
  }
}

// [SECTION] cache: the map -----------------------------------------------------------------------

void draw_map(const Summary& summary, const RaceHighlight& highlight) {
  const auto& outcome = summary.outcome;
  caption("The map's buckets (the value last written)");
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const float width = ImGui::GetContentRegionAvail().x;
  const float cell = 3.2f * font();
  const int per_row = std::max(1, static_cast<int>(width / (cell + 0.3f * font())));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  int index = 0;
  for (const auto& value : outcome["buckets"]) {
    const ImVec2 min(origin.x + (index % per_row) * (cell + 0.3f * font()),
                     origin.y + (index / per_row) * (cell * 0.7f + 0.3f * font()));
    draw.AddRectFilled(min, ImVec2(min.x + cell, min.y + cell * 0.7f),
                       value.get<std::int64_t>() == 0 ? kFree : kTaken, 0.2f * font());
    const auto text = std::to_string(value.get<std::int64_t>());
    draw.AddText(ImVec2(min.x + 0.4f * font(), min.y + 0.5f * font()), kChip, text.c_str());
    // Field 0 is the writing flag; the buckets follow.
    ring_rect(highlight.active && highlight.field == index + 1, ImVec2(min.x - 3, min.y - 3),
              ImVec2(min.x + cell + 3, min.y + cell * 0.7f + 3));
    ++index;
  }
  const int rows = (index + per_row - 1) / per_row;
  ImGui::Dummy(ImVec2(width, rows * (cell * 0.7f + 0.3f * font())));
  const auto read_clashes = outcome["concurrent_map_read_and_map_write"].get<std::int64_t>();
  const auto write_clashes = outcome["concurrent_map_writes"].get<std::int64_t>();
  ImGui::Text("%s, %s (each write raises the map's writing flag)",
              counted(outcome["reads"].get<std::int64_t>(), "read", "reads").c_str(),
              counted(outcome["writes"].get<std::int64_t>(), "write", "writes").c_str());
  ring_last_item(highlight.active && highlight.field == 0);
  if (read_clashes + write_clashes > 0) {
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.42f, 1.0f),
                       "fatal error: concurrent map read and map write (%lld), "
                       "concurrent map writes (%lld)",
                       static_cast<long long>(read_clashes), static_cast<long long>(write_clashes));
  }
}

}  // namespace

// [SECTION] Dispatch ----------------------------------------------------------------------------

void draw_resource(const Summary& summary, const RaceHighlight& highlight) {
  const auto& scenario = summary.config.scenario;
  if (scenario == "booking") return draw_calendar(summary, highlight);
  if (scenario == "flash-sale") return draw_shelf(summary, highlight);
  if (scenario == "ledger") return draw_ledger(summary, highlight);
  if (scenario == "bulletin") return draw_board(summary, highlight);
  if (scenario == "pool") return draw_pool(summary, highlight);
  if (scenario == "cache") return draw_map(summary, highlight);
  if (summary.deadlock.is_object()) draw_wait_cycle(summary);
}

}  // namespace racelab::ui
