#pragma once

#include <imgui.h>

// racelab's colours in one place: the page around the canvas (web/style.css) uses the same ones.
// The theme (the platform's style) is built from the surfaces, the text and the accent; the
// activity colours are the ones the floor, the timeline and the deadlock's ring draw, so that a
// worker's state reads the same in every view. Views may adopt these names instead of their own
// literals; the floor, the sweep chart and the deadlock's ring have.
namespace racelab::ui::palette {

// Surfaces, darkest first.
constexpr ImU32 kBackground = IM_COL32(23, 25, 30, 255);   // #17191e, the page
constexpr ImU32 kPanel = IM_COL32(33, 37, 45, 255);        // #21252d, frames and headers
constexpr ImU32 kPanelRaised = IM_COL32(44, 50, 61, 255);  // #2c323d, hovered; the floor's rooms
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

// Activities, as the floor and the timeline draw them: a worker at a desk runs, one in the lock's
// line waits, one in the lounge thinks, one gone home is done.
constexpr ImU32 kRunning = IM_COL32(70, 130, 200, 255);    // blue
constexpr ImU32 kWaiting = IM_COL32(220, 160, 40, 255);    // amber: queueing for the lock
constexpr ImU32 kHolding = IM_COL32(40, 170, 150, 255);    // teal: holding it
constexpr ImU32 kThinking = IM_COL32(150, 100, 200, 255);  // violet
constexpr ImU32 kDone = IM_COL32(40, 150, 90, 255);        // green
constexpr ImU32 kBroken = IM_COL32(200, 40, 40, 255);      // red: a violation, a double booking
constexpr ImU32 kHighlight = IM_COL32(255, 210, 60, 255);  // yellow: the selected race
// A violation that must catch the eye on the dark surfaces: the floor's flash and the deadlock's
// arrows (5.2:1 on the background, where kBroken has 3.2:1).
constexpr ImU32 kBrokenBright = IM_COL32(255, 70, 60, 255);

// The floor's other lines, in shades of the lock's amber (their titles are written in them: 9:1
// and 4.6:1 on a panel), and its lobby.
constexpr ImU32 kWaitingToRead = IM_COL32(230, 195, 95, 255);     // pale gold: an RWMutex's readers
constexpr ImU32 kWaitingOnChannel = IM_COL32(205, 120, 60, 255);  // orange: a channel's line
constexpr ImU32 kLobby = IM_COL32(110, 112, 125, 255);            // grey: waiting for a desk

// Which side of the lock a worker holds, as the floor's badges and lines to the resource say it.
constexpr ImU32 kHoldsAlone = IM_COL32(255, 205, 50, 255);   // yellow: writes, or the only key
constexpr ImU32 kHoldsShared = IM_COL32(80, 200, 225, 255);  // cyan: reads beside others

// The floor's furniture.
constexpr ImU32 kDeskTop = IM_COL32(112, 92, 70, 255);         // wood; kText on it is 5.3:1
constexpr ImU32 kResource = IM_COL32(58, 68, 92, 255);         // the shared resource, blue-grey
constexpr ImU32 kResourceEdge = IM_COL32(125, 140, 175, 255);  // its rim while nothing broke

// The sweep chart's lines at their brightest (the chart dims them for fewer workers): the mutex
// warm, the RWMutex cool; 6.6:1 and 6.0:1 on a panel.
constexpr ImU32 kMutexLine = IM_COL32(255, 140, 38, 255);
constexpr ImU32 kRWMutexLine = IM_COL32(77, 166, 255, 255);

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
