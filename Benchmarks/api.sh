#!/usr/bin/env bash
# Load on the API as DfE and Ofqual use it: a 50-row page of submissions and 50 events of the change
# feed, with a real bearer token, on a release build holding the demo data. Prints wrk's requests/s
# and latency percentiles. Then, unless COMPARE=0, runs ../shared/bench/compare.sh in the same session
# for the peers' JSON route (Hummingbird, FlyingFox), with the project's API route set to the same
# 50-row page (compare.sh sends no token, so it is given the public OpenAPI document instead, and
# the token-carrying figures are the ones above).
#   Benchmarks/api.sh            # CONNS=64 SECS=10
set -euo pipefail
cd "$(dirname "$0")/.."
CONNS=${CONNS:-64}; SECS=${SECS:-10}; # A port the kernel says is free now (a random guess collided with other servers on this machine).
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
swift build -c release --product approvals >/dev/null
BIN=.build/release/approvals
DATA=$(mktemp -d)
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; rm -rf "$DATA"; }
trap cleanup EXIT
"$BIN" demo-data --data "$DATA" >/dev/null
TOKEN=$("$BIN" tokens create --data "$DATA" --name bench --expires 2099-12-31 | tail -1)
APPROVALS_API_RATE=10000000 APPROVALS_API_BURST=10000000 "$BIN" serve --data "$DATA" --port "$PORT" --public Public --log-level error >"$DATA/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
# Our server must be the one answering (it refuses to start on a port another process holds).
kill -0 "$server" 2>/dev/null || { echo "the server did not start:"; cat "$DATA/serve.log"; exit 1; }
curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/submissions?limit=50" >/dev/null
echo "serving on port $PORT"
for path in "/api/v1/submissions?limit=50" "/api/v1/changes?limit=50"; do
  echo "== GET $path ($CONNS connections, ${SECS}s)"
  wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$path" \
    | grep -E "Requests/sec|Latency|99%|Non-2xx"
done
if [ "${COMPARE:-1}" != 0 ] && [ -x ../shared/bench/compare.sh ]; then
  PROJECT="http://127.0.0.1:$PORT" API="/api/v1/openapi.json" ../shared/bench/compare.sh
fi
