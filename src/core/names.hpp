#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace racelab {

// The name a worker goes by in every view: Alice, Bob, Carol, … through the alphabet, then the
// same names again with a number ("Alice 2"), so that names stay unique at any worker count.
std::string worker_name(int worker);

// "Alice", "Alice and Bob", "Alice, Bob and Carol"; past `shown` names, "… and 7 others".
std::string join_names(const std::vector<int>& workers, std::size_t shown = 8);

}  // namespace racelab
