#!/usr/bin/env bash
# Builds and runs racelab's benchmarks and prints their figures: the race detector over
# 1,000,000-event traces, natively (Google Benchmark, median of 5) and as WebAssembly under
# Node.js (median of 5), with the ratio WebAssembly / native; then the timeline's frame time in
# headless Chromium at 10k, 100k and 1M events, shaders against ImGui's draw list
# (bench/timeline_frames.mjs). Figures, not a pass/fail test.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
bash scripts/build.sh native web >/dev/null 2>&1 || { echo "bench: the build failed; run scripts/build.sh to see why" >&2; exit 1; }
export NODE_PATH=/usr/share/nodejs

echo "[bench] native (Google Benchmark)"
native=$(build/native/racelab_race_bench --benchmark_format=json 2>/dev/null)
echo "[bench] WebAssembly under Node.js"
wasm=$(cd build/web && node --no-experimental-fetch racelab_race_timing.js)

NATIVE="$native" WASM="$wasm" node --input-type=module -e '
const native = JSON.parse(process.env.NATIVE.replace(/\bNaN\b/g, "null")).benchmarks
  .filter((row) => row.aggregate_name === "median");
const wasm = Object.fromEntries(process.env.WASM.trim().split("\n").map((line) => {
  const name = line.split(/\s+/)[0];
  return [name, Number(line.match(/median=([\d.]+)/)[1])];
}));
console.log("\nrace detector, 1,000,000 events      native ms   native events/s   wasm ms   wasm/native");
for (const row of native) {
  const name = row.name.includes("NoLock") ? "bulletin/none" : "bulletin/rwmutex";
  const ms = row.real_time;
  const rate = row.items_per_second;
  const w = wasm[name];
  console.log(`${name.padEnd(36)} ${ms.toFixed(1).padStart(9)} ${rate.toExponential(2).padStart(17)}` +
    ` ${w.toFixed(1).padStart(9)} ${(w / ms).toFixed(2).padStart(13)}`);
}
'

echo
echo "[bench] the timeline's frame time in headless Chromium (swiftshader: WebGL on the CPU)"
node bench/timeline_frames.mjs
