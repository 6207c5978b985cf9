#!/usr/bin/env bash
# The HTTP layer's benchmark: builds the server in release mode, serves Public/ with demo data, and
# runs ../shared/bench/compare.sh against it (Hummingbird, FlyingFox and nginx side by side with wrk),
# then the memory check of 10,000 idle keep-alive connections. (The 1 GB upload's memory is measured
# by the HTTP layer's own test with HTTP_BIG_UPLOAD_BYTES=1073741824: see the README.)
# Not a test: figures from one run go in the README as ratios. Loopback only, bounded in time.
# Knobs passed on to compare.sh: PEERS ("hummingbird nginx" to leave FlyingFox out), SECS, ROUNDS, CONNS.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/require.sh wrk bc curl
# BIN=path/to/approvals uses a release binary built elsewhere (e.g. .build-release/release/approvals).
if [ -n "${BIN:-}" ]; then
  bin=$BIN
else
  swift build -c release -q --product approvals
  bin=.build/release/approvals
fi
data=$(mktemp -d /tmp/approvals-bench.XXXXXX)
port=${PORT:-18080}
"$bin" migrate --data "$data" >/dev/null
"$bin" demo-data --data "$data" >/dev/null
ulimit -n 65536 || true
"$bin" serve --host 127.0.0.1 --port "$port" --data "$data" --log-level error >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

echo "## Throughput and latency against the peers"
PROJECT=http://127.0.0.1:$port ${API:+API=$API} ../shared/bench/compare.sh

echo "## Memory"
python3 Benchmarks/idle_connections.py --port "$port" --pid "$server" --count "${IDLE:-10000}"
