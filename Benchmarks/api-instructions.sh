#!/usr/bin/env bash
# Instructions per API request, counted by callgrind on the release build: repeatable on a shared
# machine, where wall-clock figures are not. The server runs under valgrind over the demo data plus
# BULK submitted submissions; after WARM requests the counters are zeroed, COUNT requests are sent
# one after another on one keep-alive connection, and the instructions of every thread of the server
# in between are divided by COUNT. So the figure is the whole request (parsing, middleware, token
# check, the handler, the write), not the handler alone.
#   Benchmarks/api-instructions.sh                        # both routes
#   Benchmarks/api-instructions.sh "/api/v1/submissions?limit=50"
#   BIN=.build-release/release/approvals COUNT=200 Benchmarks/api-instructions.sh
#   BIN=/tmp/old-approvals DATA_BIN=.build-release/release/approvals ...  # an older build, data made by this one
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build-release/release/approvals}
DATA_BIN=${DATA_BIN:-$BIN}
COUNT=${COUNT:-200}; WARM=${WARM:-30}; BULK=${BULK:-1000}
[ -x "$DATA_BIN" ] || swift build -c release --scratch-path .build-release --product approvals >/dev/null
command -v valgrind >/dev/null || apt-get install -y -qq valgrind >/dev/null
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DATA=$(mktemp -d)
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; rm -rf "$DATA"; }
trap cleanup EXIT
"$DATA_BIN" demo-data --data "$DATA" --now 2026-03-02T12:00:00Z --bulk "$BULK" >/dev/null
TOKEN=$("$DATA_BIN" tokens create --data "$DATA" --name instructions --expires 2099-12-31 | tail -1)
APPROVALS_API_RATE=10000000 APPROVALS_API_BURST=10000000 valgrind --tool=callgrind --callgrind-out-file="$DATA/callgrind.%p" \
  "$BIN" serve --data "$DATA" --port "$PORT" --public Public --log-level error --clock-start 2026-03-02T12:00:00Z >"$DATA/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=("/api/v1/submissions?limit=50" "/api/v1/changes?limit=50")
send() { # path count: requests on one keep-alive connection, each answer read whole and checked
  python3 - "$PORT" "$TOKEN" "$1" "$2" <<'EOF'
import http.client, sys
port, token, path, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
for _ in range(count):
    connection.request("GET", path, headers={"Authorization": "Bearer " + token})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        sys.exit(f"{path}: {response.status} {body[:200]!r}")
print(len(body))
EOF
}
printf '%-34s %8s %14s\n' route bytes instructions/request
for path in "${paths[@]}"; do
  send "$path" "$WARM" >/dev/null
  callgrind_control -z "$server" >/dev/null 2>&1
  bytes=$(send "$path" "$COUNT")
  rm -f "$DATA"/callgrind.*.[0-9]*
  callgrind_control -d "$server" >/dev/null 2>&1
  dump=$(ls -t "$DATA"/callgrind.* | grep -v "callgrind\.[0-9]*$" | head -1)
  total=$(awk '/^(summary|totals):/ {print $2; exit}' "$dump")
  printf '%-34s %8s %14.0f\n' "$path" "$bytes" "$(echo "$total / $COUNT" | bc -l)"
  [ -n "${KEEP:-}" ] && cp "$dump" "$KEEP.$(echo "$path" | tr -c 'a-z' '_')"
done
