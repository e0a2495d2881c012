#!/usr/bin/env bash
# Runs every racelab test: setup, the builds, the native GoogleTest suite (plain, under
# ThreadSanitizer and under AddressSanitizer), 30 seconds of fuzzing the link parser and the
# browser tests in Debian's Chromium. Ends with one line "tests: N passed, M failed"; exits
# non-zero on any failure.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

bash scripts/build.sh native tsan asan fuzz web ||
  { echo "tests: 0 passed, 1 failed (the build failed)"; exit 1; }

native_total=0
native_failed=0
native_status=0
for build in native tsan asan fuzz; do
  kind=GoogleTest
  [ "$build" = fuzz ] && kind=libFuzzer
  echo "[test] $build ($kind)"
  (cd "build/$build" &&
    TSAN_OPTIONS=halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
      ctest --output-on-failure --timeout 600) | tee "$logs/$build.txt"
  status=${PIPESTATUS[0]}
  total=$(grep -oE 'out of [0-9]+' "$logs/$build.txt" | grep -oE '[0-9]+' | tail -n1)
  failed=$(grep -oE '[0-9]+ tests failed' "$logs/$build.txt" | grep -oE '^[0-9]+' | tail -n1)
  failed=${failed:-0}
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  native_total=$((native_total + ${total:-0}))
  native_failed=$((native_failed + failed))
  [ "$status" -eq 0 ] || native_status=$status
done

echo "[test] browser (playwright-core + Chromium)"
(cd tests/browser && node --test --test-reporter=tap --test-timeout=300000) | tee "$logs/browser.txt"
browser_status=${PIPESTATUS[0]}
browser_passed=$(grep -oE '^# pass [0-9]+' "$logs/browser.txt" | grep -oE '[0-9]+$' | tail -n1)
browser_failed=$(grep -oE '^# fail [0-9]+' "$logs/browser.txt" | grep -oE '[0-9]+$' | tail -n1)

if [ "$browser_status" -ne 0 ] && [ "${browser_failed:-0}" -eq 0 ]; then browser_failed=1; fi
passed=$((native_total - native_failed + ${browser_passed:-0}))
failed=$((native_failed + ${browser_failed:-0}))
echo
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$native_status" -eq 0 ] && [ "$browser_status" -eq 0 ]
