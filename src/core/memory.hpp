#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace racelab {

// A scenario's shared resource as the engines see it: numbered fields of one machine word each.
// Every access is a relaxed atomic, so that a program's separate read and write race logically
// (lost updates, torn records, double bookings) without undefined behaviour in C++. Any thread
// may call any member at any time.
class SharedMemory {
 public:
  explicit SharedMemory(const std::vector<std::int64_t>& initial);

  int size() const { return size_; }
  std::int64_t load(int field) const { return fields_[field].load(std::memory_order_relaxed); }
  void store(int field, std::int64_t value) {
    fields_[field].store(value, std::memory_order_relaxed);
  }
  // A real single-word compare-and-swap: the `atomic` lock type's building block.
  bool compare_exchange(int field, std::int64_t expected, std::int64_t desired) {
    // Relaxed is enough: the programs using it publish nothing else through this word.
    return fields_[field].compare_exchange_strong(expected, desired, std::memory_order_relaxed);
  }

  // Every field's value at about this moment (not one atomic cut while desks are writing).
  std::vector<std::int64_t> snapshot() const;

 private:
  int size_;
  std::unique_ptr<std::atomic<std::int64_t>[]> fields_;
};

}  // namespace racelab
