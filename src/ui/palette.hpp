#pragma once

#include <imgui.h>

// racelab's colours in one place: the page around the canvas (web/style.css) uses the same ones.
// The theme (the platform's style) is built from the surfaces, the text and the accent; the
// activity colours are the ones the floor and the timeline draw, so that a worker's state reads
// the same in every view. Views may adopt these names instead of their own literals.
namespace racelab::ui::palette {

// Surfaces, darkest first.
constexpr ImU32 kBackground = IM_COL32(23, 25, 30, 255);   // #17191e, the page
constexpr ImU32 kPanel = IM_COL32(33, 37, 45, 255);        // #21252d, frames and headers
constexpr ImU32 kPanelRaised = IM_COL32(44, 50, 61, 255);  // #2c323d, hovered
constexpr ImU32 kBorder = IM_COL32(58, 64, 77, 255);       // #3a404d

// Text: 14.6:1 and 7.2:1 against the background, 12.7:1 and 6.3:1 on a panel.
constexpr ImU32 kText = IM_COL32(232, 234, 237, 255);       // #e8eaed
constexpr ImU32 kTextQuiet = IM_COL32(160, 166, 176, 255);  // #a0a6b0

// The accent: slider grabs and checks in the blue of a running worker; the shades that carry
// text (buttons, the progress bar) keep it at 4.5:1 or more.
constexpr ImU32 kAccent = IM_COL32(70, 130, 200, 255);        // #4682c8
constexpr ImU32 kAccentBright = IM_COL32(98, 156, 224, 255);  // #629ce0, a grab held, a link
constexpr ImU32 kAccentDim = IM_COL32(41, 69, 107, 255);      // #29456b, a button at rest, 8:1
constexpr ImU32 kAccentMid = IM_COL32(54, 96, 154, 255);      // #36609a, hovered, progress, 5.3:1
constexpr ImU32 kAccentStrong = IM_COL32(61, 106, 168, 255);  // #3d6aa8, pressed, 4.5:1

// Activities, as the floor and the timeline draw them today.
constexpr ImU32 kRunning = IM_COL32(70, 130, 200, 255);    // blue
constexpr ImU32 kWaiting = IM_COL32(220, 160, 40, 255);    // amber: queueing for the lock
constexpr ImU32 kHolding = IM_COL32(40, 170, 150, 255);    // teal: holding it
constexpr ImU32 kThinking = IM_COL32(150, 100, 200, 255);  // violet
constexpr ImU32 kDone = IM_COL32(40, 150, 90, 255);        // green
constexpr ImU32 kBroken = IM_COL32(200, 40, 40, 255);      // red: a violation, a double booking
constexpr ImU32 kHighlight = IM_COL32(255, 210, 60, 255);  // yellow: the selected race

// Verdict text on the background: readable shades of red, amber and green.
constexpr ImU32 kTextBroken = IM_COL32(255, 115, 107, 255);
constexpr ImU32 kTextWarning = IM_COL32(255, 199, 77, 255);
constexpr ImU32 kTextFine = IM_COL32(128, 230, 153, 255);

inline ImVec4 vec4(ImU32 colour) {
  return ImGui::ColorConvertU32ToFloat4(colour);
}

inline ImVec4 with_alpha(ImU32 colour, float alpha) {
  ImVec4 result = vec4(colour);
  result.w = alpha;
  return result;
}

}  // namespace racelab::ui::palette
