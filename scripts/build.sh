#!/usr/bin/env bash
# Builds racelab: `native` (core, CLI, tests into build/native), `tsan` and `asan` (the same under
# ThreadSanitizer and AddressSanitizer, into build/tsan and build/asan), `fuzz` (the core and the
# link parser's libFuzzer target under Clang, into build/fuzz), `web` (the page into dist/); native
# and web when no target is named. Runs the setup first, which is quick once everything is there.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(native web)

bash scripts/setup.sh
export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs its acorn module

for target in "${targets[@]}"; do
  case "$target" in
    native)
      echo "[build] native: core, CLI and tests (build/native)"
      cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
      cmake --build build/native
      ;;
    tsan | asan)
      echo "[build] $target: core, CLI and tests under the sanitizer (build/$target)"
      flag=thread
      [ "$target" = asan ] && flag=address,undefined
      cmake -S . -B "build/$target" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS="-fsanitize=$flag -fno-omit-frame-pointer" >/dev/null
      cmake --build "build/$target"
      ;;
    fuzz)
      echo "[build] fuzz: the link parser's libFuzzer target, ASan and UBSan (build/fuzz)"
      # Optimised with debug info, and with the core's asserts kept: they are checks too.
      CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" -DRACELAB_FUZZ=ON >/dev/null
      cmake --build build/fuzz
      ;;
    web)
      echo "[build] web: the page with pthreads (dist/racelab.*)"
      emcmake cmake -S . -B build/web -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
      cmake --build build/web
      echo "[build] web: the page without threads, for pages that are not isolated (dist/racelab-nothreads.*)"
      emcmake cmake -S . -B build/web-nothreads -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DRACELAB_WEB_THREADS=OFF >/dev/null
      cmake --build build/web-nothreads
      # What a visitor downloads, compressed as a static host would serve it.
      for build in racelab racelab-nothreads; do
        js=$(gzip -9 -c "dist/$build.js" | wc -c)
        wasm=$(gzip -9 -c "dist/$build.wasm" | wc -c)
        printf '[build] size of %s: .js %d KB + .wasm %d KB = %d KB gzipped\n' "$build" \
          $((js / 1024)) $((wasm / 1024)) $(((js + wasm) / 1024))
      done
      ;;
    *)
      echo "build: unknown target '$target' (native, tsan, asan, fuzz or web)" >&2
      exit 2
      ;;
  esac
done
