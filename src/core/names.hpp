#pragma once

#include <string>

namespace racelab {

// The name a worker goes by in every view: Alice, Bob, Carol, … through the alphabet, then the
// same names again with a number ("Alice 2"), so that names stay unique at any worker count.
std::string worker_name(int worker);

}  // namespace racelab
