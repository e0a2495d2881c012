#pragma once

#include <string>

#include "core/config.hpp"

namespace racelab {

// What the Explain panel says about a configuration, before or after its run: the scenario with
// its lock type told in the coworking words of the UI. Plain printable ASCII, no markup, so the
// page's Latin-only font draws every character.
struct Explanation {
  std::string what;    // what the visitor will see happen in this scenario with this lock
  std::string why;     // why it happens that way, and what the security camera makes of it
  std::string engine;  // one sentence on what the engine changes (run to run, or the seed)
};

// The explanation for a config. Workers and the scenario's parameters change the words where they
// change the story (the flash sale's stock, the ledger's balance and amount, the pool's size). An
// unknown scenario or a lock the scenario does not offer gets a short general text, never a throw.
// Safe to call from any thread: it reads only the config and the constant scenario table.
Explanation explain_run(const RunConfig& config);

// The three parts as one paragraph, each part followed by a space but the last.
std::string explanation_text(const Explanation& explanation);

}  // namespace racelab
