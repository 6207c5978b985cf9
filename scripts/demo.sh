#!/usr/bin/env bash
# Quick start: installs what is missing, builds, migrates, loads demo data and serves on localhost.
# Usage: scripts/demo.sh [--port 8080] [--data ./data] [extra `approvals serve` options]
set -euo pipefail
cd "$(dirname "$0")/.."
port=8080; data=./data; extra=()
while [ $# -gt 0 ]; do
  case $1 in
    --port) port=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done
scripts/require.sh libsqlite3-dev libssl-dev tzdata
swift build -c release --product approvals
bin=.build/release/approvals
"$bin" migrate --data "$data"
if [ ! -e "$data/.demo-data-loaded" ]; then
  "$bin" demo-data --data "$data"
  touch "$data/.demo-data-loaded"
else
  echo "Demo data already loaded in $data (delete the folder to start again)."
fi
echo
echo "Serving on http://127.0.0.1:$port/ (Ctrl-C to stop)"
exec "$bin" serve --host 127.0.0.1 --port "$port" --data "$data" "${extra[@]}"
