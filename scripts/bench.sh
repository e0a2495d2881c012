#!/usr/bin/env bash
# Builds and runs racelab's benchmarks and prints one table: the engines natively (Google
# Benchmark) and as WebAssembly under Node.js, bulletin's work on std::mutex / std::shared_mutex
# and in Go beside the threads engine, the race detector over 1,000,000 events, and the web
# builds' size and time to the first frame in headless Chromium. Every figure is a median of
# five, with the smallest and largest; the table is also written as JSON (build/bench/results.json,
# or --out FILE) and can be compared with an earlier file (--compare FILE). Then the timeline's
# frame time in headless Chromium at 10k, 100k and 1M events, drawn by the shaders and through
# ImGui's draw list (bench/timeline_frames.mjs, its own table). Figures, not a test.
#
#   bash scripts/bench.sh [--out FILE] [--compare FILE]
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
report_args=(--out build/bench/results.json)
while [ $# -gt 0 ]; do
  case "$1" in
    --out | --compare)
      [ $# -ge 2 ] || { echo "bench: $1 needs a file" >&2; exit 2; }
      [ "$1" = --out ] && report_args[1]=$2 || report_args+=("$1" "$(realpath "$2")")
      shift 2
      ;;
    *) echo "bench: unknown argument '$1' (--out FILE, --compare FILE)" >&2; exit 2 ;;
  esac
done

started=$SECONDS
step() { printf '[bench %3ds] %s\n' $((SECONDS - started)) "$*" >&2; }
quiet() { # runs a build step, showing its output only when it fails
  local log
  log=$(mktemp)
  "$@" >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; echo "bench: '$*' failed" >&2; exit 1; }
  rm -f "$log"
}

step "setting up (Go from Debian's golang-go is added for the comparison)"
quiet bash scripts/setup.sh --bench
export NODE_PATH=/usr/share/nodejs
step "building the native benchmarks, the web builds and the WebAssembly benchmarks"
quiet bash scripts/build.sh native web
quiet cmake --build build/native --target racelab_engine_bench racelab_primitives_bench \
  racelab_race_detector_bench
quiet cmake --build build/web --target racelab_engine_timing racelab_race_detector_timing
mkdir -p build/bench
(cd bench/go && quiet go build -o "$repo/build/bench/racelab_go_bulletin" .)

out=build/bench
gbench=(--benchmark_format=console --benchmark_out_format=json)
step "engines, native (Google Benchmark; about a minute)"
build/native/racelab_engine_bench "${gbench[@]}" --benchmark_out=$out/engine_native.json \
  >/dev/null 2>&1
step "engines, WebAssembly under Node.js (about a minute)"
(cd build/web && node --no-experimental-fetch racelab_engine_timing.js) >$out/engine_wasm.jsonl
step "bulletin on std::mutex and std::shared_mutex, then in Go"
build/native/racelab_primitives_bench "${gbench[@]}" \
  --benchmark_out=$out/primitives_native.json >/dev/null 2>&1
$out/racelab_go_bulletin >$out/go.jsonl
step "the race detector, native and WebAssembly"
build/native/racelab_race_detector_bench "${gbench[@]}" --benchmark_out=$out/race_native.json \
  >/dev/null 2>&1
(cd build/web && node --no-experimental-fetch racelab_race_detector_timing.js) >$out/race_wasm.jsonl
step "start-up in headless Chromium (five fresh visits per build)"
node bench/startup.mjs >$out/startup.jsonl
step "done"

node bench/report.mjs $out "${report_args[@]}"

step "the timeline's frame time in headless Chromium, shaders against ImGui's draw list (minutes)"
node bench/timeline_frames.mjs
