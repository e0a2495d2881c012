#!/usr/bin/env bash
# Installs everything racelab's build and tests need on a Debian 12 machine, idempotently:
# Debian packages, the sources of Dear ImGui and SDL2 (Debian source packages), SDL2 built for
# Emscripten, and the npm packages of the page and of the browser tests. Heavy results live in the
# user's cache directory, keyed by version, and the repository's ignored `.deps` link points there.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/racelab
mkdir -p "$cache/sources"

log() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages -------------------------------------------------------------------------
# clang and libclang-rt-14-dev (libFuzzer, the sanitizers' runtimes) build the link fuzzer.
packages=(emscripten cmake ninja-build g++ clang libclang-rt-14-dev chromium googletest
  libgtest-dev libbenchmark-dev nlohmann-json3-dev fonts-dejavu-core xz-utils nodejs)
# The benchmarks (scripts/bench.sh, which passes --bench) measure Go's own locks beside racelab's.
if [ "${1:-}" = --bench ]; then packages+=(golang-go); fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# --- Sources of Dear ImGui and SDL2 ------------------------------------------------------------
# Only the upstream tarballs are used; trixie's imgui (1.90.1) has the newer table and text APIs.
fetch_source() { # name suite unpacked-dir-glob
  local name=$1 suite=$2 pattern=$3
  if compgen -G "$cache/sources/$pattern" >/dev/null; then return; fi
  local sources_list=/etc/apt/sources.list.d/racelab-sources.sources
  if [ ! -f "$sources_list" ]; then
    log "adding deb-src entries for bookworm and trixie"
    printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' \
      'Suites: bookworm trixie' 'Components: main' \
      'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' | as_root tee "$sources_list" >/dev/null
    as_root apt-get update -qq
  fi
  log "fetching the $name source package ($suite)"
  local download
  download=$(mktemp -d)
  chmod 755 "$download" # apt fetches as the _apt user
  (cd "$download" && apt-get source --download-only -qq "$name/$suite" >/dev/null)
  tar -xf "$download"/*.orig.tar.* -C "$cache/sources"
  rm -rf "$download"
}
fetch_source imgui trixie 'imgui-1.90*'
fetch_source libsdl2 bookworm 'SDL2-2.26*'
imgui_dir=$(compgen -G "$cache/sources/imgui-1.90*" | head -n1)
sdl_dir=$(compgen -G "$cache/sources/SDL2-2.26*" | head -n1)

# --- SDL2 built for Emscripten (about 3 minutes on 2 cores, once per version) -----------------
export NODE_PATH=/usr/share/nodejs
# Read whole, not through `head`: emcc dies of a broken pipe when its reader stops early.
emscripten_banner=$(emcc --version 2>/dev/null)
emscripten_version=$(grep -oE '[0-9]+\.[0-9]+\.[0-9]+' <<<"$emscripten_banner" | sed -n 1p)
# Two builds: with threads for the full page, without for pages that cannot be isolated.
build_sdl() { # install-dir threads(ON|OFF) c-flags
  local install=$1 threads=$2 flags=$3
  [ -f "$install/lib/libSDL2.a" ] && return
  log "building SDL2 for Emscripten $emscripten_version, threads $threads (once; about 3 minutes)"
  rm -rf "$install.build"
  local build_log="$cache/sdl2-build.log"
  if ! { emcmake cmake -S "$sdl_dir" -B "$install.build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$install" -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF \
    -DSDL_THREADS="$threads" -DCMAKE_C_FLAGS="$flags" &&
    cmake --build "$install.build" && cmake --install "$install.build"; } \
    >"$build_log" 2>&1; then
    log "building SDL2 failed; the end of $build_log:"
    tail -n 20 "$build_log" >&2
    exit 1
  fi
  rm -rf "$install.build"
}
sdl_install="$cache/sdl2-$(basename "$sdl_dir" | sed 's/SDL2-//')-emscripten-$emscripten_version"
build_sdl "$sdl_install" ON -pthread
build_sdl "$sdl_install-nothreads" OFF ""

# --- The link the build reads: .deps/{imgui,sdl2} ---------------------------------------------
mkdir -p "$repo/.deps"
ln -sfn "$imgui_dir" "$repo/.deps/imgui"
ln -sfn "$sdl_install" "$repo/.deps/sdl2"
ln -sfn "$sdl_install-nothreads" "$repo/.deps/sdl2-nothreads"
# nlohmann-json alone (never all of /usr/include on the em++ path) and the page's font.
mkdir -p "$repo/.deps/json" "$repo/.deps/fonts"
ln -sfn /usr/include/nlohmann "$repo/.deps/json/nlohmann"
cp -u /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$repo/.deps/fonts/"

# --- npm packages: the page's service worker (web/) and the browser tests -----------------------
# `npm ci` only when a folder has never been installed or its lock file changed since.
npm_install() { # folder a-package-it-installs what-for
  local folder="$repo/$1" package=$2 what=$3
  if [ ! -d "$folder/node_modules/$package" ] ||
    [ "$folder/package-lock.json" -nt "$folder/node_modules/.package-lock.json" ]; then
    log "installing the npm packages of $what"
    (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}
npm_install web coi-serviceworker "the page (its service worker)"
npm_install tests/browser playwright-core "the browser tests"

log "ready (imgui: $(basename "$imgui_dir"), SDL2: $(basename "$sdl_install"))"
