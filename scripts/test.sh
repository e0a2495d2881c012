#!/usr/bin/env bash
# Runs every racelab test: setup, both builds, the native GoogleTest suite and the browser tests
# in Debian's Chromium. Ends with one line "tests: N passed, M failed"; exits non-zero on any
# failure.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

bash scripts/build.sh native web || { echo "tests: 0 passed, 1 failed (the build failed)"; exit 1; }

echo "[test] native (GoogleTest)"
(cd build/native && ctest --output-on-failure --timeout 300) | tee "$logs/native.txt"
native_status=${PIPESTATUS[0]}
native_total=$(grep -oE 'out of [0-9]+' "$logs/native.txt" | grep -oE '[0-9]+' | tail -n1)
native_failed=$(grep -oE '[0-9]+ tests failed' "$logs/native.txt" | grep -oE '^[0-9]+' | tail -n1)

echo "[test] browser (playwright-core + Chromium)"
(cd tests/browser && node --test --test-reporter=tap --test-timeout=300000) | tee "$logs/browser.txt"
browser_status=${PIPESTATUS[0]}
browser_passed=$(grep -oE '^# pass [0-9]+' "$logs/browser.txt" | grep -oE '[0-9]+$' | tail -n1)
browser_failed=$(grep -oE '^# fail [0-9]+' "$logs/browser.txt" | grep -oE '[0-9]+$' | tail -n1)

native_total=${native_total:-0}
native_failed=${native_failed:-0}
if [ "$native_status" -ne 0 ] && [ "$native_failed" -eq 0 ]; then native_failed=1; fi
if [ "$browser_status" -ne 0 ] && [ "${browser_failed:-0}" -eq 0 ]; then browser_failed=1; fi
passed=$((native_total - native_failed + ${browser_passed:-0}))
failed=$((native_failed + ${browser_failed:-0}))
echo
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$native_status" -eq 0 ] && [ "$browser_status" -eq 0 ]
