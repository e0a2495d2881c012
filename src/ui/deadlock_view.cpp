// The deadlock scenarios' picture: the locks they fight over and, once nobody can move, the
// wait-for cycle as a ring: each worker a circle, an arrow to the worker it waits for, labelled
// with the lock. A cycle of one (a worker that locked twice) loops back to itself.

#include <imgui.h>

#include <cmath>
#include <string>
#include <vector>

#include "ui/palette.hpp"
#include "ui/views.hpp"

namespace racelab::ui {

namespace {

// The palette's (ui/palette.hpp): the arrows in the bright red that stands out on the page, their
// words in the red of the verdict's text, the stuck workers in the amber of waiting.
constexpr ImU32 kArrow = palette::kBrokenBright;
constexpr ImU32 kWords = palette::kTextBroken;
constexpr ImU32 kWorker = palette::kWaiting;
constexpr ImU32 kWorkerName = palette::kBackground;

struct Link {
  std::string worker;
  std::string lock;
  std::string waits_for;
};

std::vector<Link> cycle_of(const Summary& summary) {
  std::vector<Link> links;
  if (!summary.deadlock.is_object()) return links;
  for (const auto& link : summary.deadlock["cycle"]) {
    links.push_back(
        {link.value("worker", ""), link.value("lock", ""), link.value("waits_for", "")});
  }
  return links;
}

void arrow_head(ImDrawList* draw, ImVec2 tip, ImVec2 from, float size, ImU32 colour) {
  const float dx = tip.x - from.x;
  const float dy = tip.y - from.y;
  const float length = std::max(1e-3f, std::sqrt(dx * dx + dy * dy));
  const ImVec2 along(dx / length, dy / length);
  const ImVec2 across(-along.y, along.x);
  draw->AddTriangleFilled(tip,
                          ImVec2(tip.x - along.x * size + across.x * size * 0.5f,
                                 tip.y - along.y * size + across.y * size * 0.5f),
                          ImVec2(tip.x - along.x * size - across.x * size * 0.5f,
                                 tip.y - along.y * size - across.y * size * 0.5f),
                          colour);
}

void centred_text(ImDrawList* draw, ImVec2 at, ImU32 colour, const std::string& text) {
  const auto size = ImGui::CalcTextSize(text.c_str());
  draw->AddText(ImVec2(at.x - size.x / 2, at.y - size.y / 2), colour, text.c_str());
}

void draw_ring(const std::vector<Link>& links) {
  const float font = ImGui::GetFontSize();
  const float width = std::min(ImGui::GetContentRegionAvail().x, 34 * font);
  const float height = (links.size() == 1 ? 7.0f : 12.0f) * font;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  auto* draw = ImGui::GetWindowDrawList();
  const ImVec2 centre(origin.x + width / 2, origin.y + height / 2);
  const float node = 1.6f * font;
  const std::size_t count = links.size();

  if (count == 1) {
    // A worker waiting for itself: a loop from its right side back into its top.
    const ImVec2 at(centre.x - 4 * font, centre.y + font);
    const ImVec2 start(at.x + node, at.y);
    const ImVec2 tip(at.x, at.y - node);
    const ImVec2 c1(at.x + 4 * node, at.y), c2(at.x, at.y - 4 * node);
    draw->AddBezierCubic(start, c1, c2, tip, kArrow, 2.0f);
    arrow_head(draw, tip, c2, 0.6f * font, kArrow);
    draw->AddCircleFilled(at, node, kWorker);
    centred_text(draw, at, kWorkerName, links[0].worker);
    const std::string label = "waits for " + links[0].lock + ", which it holds";
    draw->AddText(ImVec2(at.x + 2.6f * node, at.y - 2.2f * node), kWords, label.c_str());
    return;
  }

  // Workers on an ellipse, arrows bowing outward from each to the one it waits for.
  const float rx = width / 2 - 3 * node;
  const float ry = height / 2 - 1.3f * node;
  std::vector<ImVec2> places;
  for (std::size_t i = 0; i < count; ++i) {
    const float angle = 3.14159265f * (1.0f + 2.0f * static_cast<float>(i) / count);
    places.emplace_back(centre.x + rx * std::cos(angle), centre.y + ry * std::sin(angle));
  }
  for (std::size_t i = 0; i < count; ++i) {
    const ImVec2 from = places[i];
    const ImVec2 to = places[(i + 1) % count];
    const ImVec2 middle((from.x + to.x) / 2, (from.y + to.y) / 2);
    // Outward: away from the centre (for two workers, one arrow above and one below).
    ImVec2 out(middle.x - centre.x, middle.y - centre.y);
    if (count == 2) out = ImVec2(0, i == 0 ? -1.0f : 1.0f);
    const float out_length = std::max(1e-3f, std::sqrt(out.x * out.x + out.y * out.y));
    const float bow = 2.2f * font;
    const ImVec2 control(middle.x + out.x / out_length * bow * 2,
                         middle.y + out.y / out_length * bow * 2);
    // Start and end on the circles' edges, towards the control point.
    auto edge = [&](ImVec2 at) {
      const float dx = control.x - at.x, dy = control.y - at.y;
      const float length = std::max(1e-3f, std::sqrt(dx * dx + dy * dy));
      return ImVec2(at.x + dx / length * node, at.y + dy / length * node);
    };
    const ImVec2 start = edge(from);
    const ImVec2 tip = edge(to);
    draw->AddBezierQuadratic(start, control, tip, kArrow, 2.0f);
    arrow_head(draw, tip, control, 0.6f * font, kArrow);
    const ImVec2 label_at(middle.x + out.x / out_length * bow * 1.35f,
                          middle.y + out.y / out_length * bow * 1.35f);
    centred_text(draw, label_at, kWords, "waits for " + links[i].lock);
  }
  for (std::size_t i = 0; i < count; ++i) {
    draw->AddCircleFilled(places[i], node, kWorker);
    centred_text(draw, places[i], kWorkerName, links[i].worker);
  }
}

}  // namespace

void draw_wait_cycle(const Summary& summary) {
  const auto links = cycle_of(summary);
  if (links.empty()) {
    if (summary.deadlock.is_object()) {
      ImGui::PushStyleColor(ImGuiCol_Text, kWords);
      ImGui::TextWrapped(
          "Nobody could move, but no cycle of locks holds them: someone waits "
          "for what a worker who left never gave back.");
      ImGui::PopStyleColor();
    }
    return;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, kWords);
  ImGui::TextUnformatted("Deadlock: the wait-for cycle");
  ImGui::PopStyleColor();
  draw_ring(links);
}

}  // namespace racelab::ui
