#include "core/memory.hpp"

namespace racelab {

SharedMemory::SharedMemory(const std::vector<std::int64_t>& initial)
    : size_(static_cast<int>(initial.size())),
      fields_(std::make_unique<std::atomic<std::int64_t>[]>(initial.size())) {
  for (int field = 0; field < size_; ++field)
    store(field, initial[field]);
}

std::vector<std::int64_t> SharedMemory::snapshot() const {
  std::vector<std::int64_t> values(size_);
  for (int field = 0; field < size_; ++field)
    values[field] = load(field);
  return values;
}

}  // namespace racelab
