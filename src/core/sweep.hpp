#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/config.hpp"
#include "core/lock.hpp"
#include "core/run.hpp"

namespace racelab {

// What the Mutex-against-RWMutex comparison runs: the bulletin board at every reader share and
// worker count, once per lock type, each point a deterministic run in virtual time, so that the
// chart comes out the same on every machine.
struct SweepSettings {
  std::vector<int> reader_shares = {50, 60, 70, 80,
                                    90, 95, 99};  // percent of acquisitions that read
  std::vector<int> workers = {2, 8, 32, 128};     // one writer, the rest readers
  std::vector<LockKind> locks = {LockKind::Mutex, LockKind::RWMutex};
  int acquisitions = 5000;  // about how often the board's lock is taken in one point's run
  int think_ms = 4;         // away from the board between two visits
  int reading_ms = 1;       // a reader's time on each sheet, holding the lock
  std::uint64_t seed = 1;
};

// One point of the chart: a run's settings and its figures.
struct SweepPoint {
  LockKind lock = LockKind::Mutex;
  int workers = 0;
  int reader_share = 0;                // the percentage asked for
  double actual_share = 0.0;           // what the whole reads and updates give, 0..1
  int reads = 0;                       // per reader
  int updates = 0;                     // by the one writer
  double operations = 0.0;             // reads and writes of the board and the tallies
  double operations_per_second = 0.0;  // per virtual second
  double contention = 0.0;             // the share of acquisitions that had to wait
  double lock_wait_p50_ms = 0.0;
  double lock_wait_p99_ms = 0.0;
  double duration_ms = 0.0;  // virtual
};

// The bulletin run of one point: `workers` (at least 2) with reads and updates chosen so that
// about `reader_share` percent of all acquisitions are reads.
RunConfig sweep_point_config(const SweepSettings& settings, LockKind lock, int workers,
                             int reader_share);

// The comparison, computed a slice at a time. One thread (the UI's, or a background one) calls
// advance() until finished(); any thread may read progress and cancel at any time. points() is
// for the advancing thread, or for anyone once finished() has been seen true.
class Sweep {
 public:
  explicit Sweep(SweepSettings settings = {});

  const SweepSettings& settings() const { return settings_; }
  int total() const { return static_cast<int>(plan_.size()); }
  int done() const { return done_.load(std::memory_order_acquire); }
  // Points done over all of them, 0..1, never going back; the run in progress counts by its
  // workers done.
  double progress() const {
    return static_cast<double>(progress_millionths_.load(std::memory_order_relaxed)) / 1e6;
  }

  // Works for about `budget_ms` on the calling thread, running points in turn.
  void advance(double budget_ms);
  // Stops it soon: the point in progress is dropped and no other starts.
  void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  // Every point done, or cancelled. Acquire: the points written before it are visible.
  bool finished() const { return finished_.load(std::memory_order_acquire); }

  const std::vector<SweepPoint>& points() const { return points_; }

 private:
  struct Planned {
    LockKind lock;
    int workers;
    int reader_share;
  };

  void finish_point();
  void publish_progress();

  SweepSettings settings_;
  std::vector<Planned> plan_;
  std::vector<SweepPoint> points_;
  std::unique_ptr<Run> current_;
  std::atomic<int> done_{0};
  std::atomic<int> progress_millionths_{0};
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> finished_{false};
};

// {settings, points: [...]}: what `racelab sweep --json` prints and the page's state() holds.
nlohmann::json sweep_json(const SweepSettings& settings, const std::vector<SweepPoint>& points);
nlohmann::json to_json(const SweepPoint& point);

}  // namespace racelab
