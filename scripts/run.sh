#!/usr/bin/env bash
# Sets up, builds the page if needed, and serves dist/ on http://localhost:8080 with the
# cross-origin isolation headers that real threads in the browser need. Ctrl-C stops it.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
port=${PORT:-8080}
if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
  echo "run: PORT must be a port number from 1 to 65535, not '$port'" >&2
  exit 2
fi
bash "$repo/scripts/build.sh" native web
echo
echo "Open http://localhost:$port/ in a browser."
exec node "$repo/scripts/serve.mjs" --dir "$repo/dist" --port "$port"
