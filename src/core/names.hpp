#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace racelab {

// The name a worker goes by in every view: Alice, Bob, Carol, … through the alphabet, then the
// same names again with a number ("Alice 2"), so that names stay unique at any worker count.
std::string worker_name(int worker);

// "Alice", "Alice and Bob", "Alice, Bob and Carol"; past `shown` names, "… and 7 others".
std::string join_names(const std::vector<int>& workers, std::size_t shown = 8);

// "1 withdrawal", "3 withdrawals": a count with the noun that fits it.
std::string counted(std::int64_t count, std::string_view one, std::string_view many);

}  // namespace racelab
