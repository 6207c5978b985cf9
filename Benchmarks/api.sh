#!/usr/bin/env bash
# Load on the API as DfE and Ofqual use it: a 50-row page of submissions and 50 events of the change
# feed, with a real bearer token, on a release build holding the demo data plus BULK submitted
# submissions (so that a page has 50 rows), side by side in the same session with the Hummingbird
# peer's JSON route (50 rows from SQLite, ../shared/bench/peers), runs alternating A B A B.
#
# By default the comparison is ../shared/bench/compare.sh itself, run once per route (API=...): it
# sends no headers, so a `wrk` placed first on its PATH adds our bearer token to the runs against our
# /api/ and to nothing else (the peers need none). PEERS defaults to hummingbird, the issue's bar.
# COMPARE=0 uses this script's own A B loop instead (same wrk settings; PEER=0 for ours alone).
#   Benchmarks/api.sh            # CONNS=64 SECS=10 ROUNDS=2 BULK=2000
set -euo pipefail
cd "$(dirname "$0")/.."
CONNS=${CONNS:-64}; SECS=${SECS:-10}; # A port the kernel says is free now (a random guess collided with other servers on this machine).
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
swift build -c release --scratch-path .build-release --product approvals >/dev/null
BIN=.build-release/release/approvals
DATA=$(mktemp -d)
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; rm -rf "$DATA"; }
trap cleanup EXIT
"$BIN" demo-data --data "$DATA" --bulk "${BULK:-2000}" >/dev/null
TOKEN=$("$BIN" tokens create --data "$DATA" --name bench --expires 2099-12-31 | tail -1)
APPROVALS_API_RATE=10000000 APPROVALS_API_BURST=10000000 "$BIN" serve --data "$DATA" --port "$PORT" --public Public --log-level error >"$DATA/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
# Our server must be the one answering (it refuses to start on a port another process holds).
kill -0 "$server" 2>/dev/null || { echo "the server did not start:"; cat "$DATA/serve.log"; exit 1; }
curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/submissions?limit=50" >/dev/null
echo "serving on port $PORT"
ROUTES=("/api/v1/submissions?limit=50" "/api/v1/changes?limit=50")
if [ "${COMPARE:-1}" != 0 ] && [ -x ../shared/bench/compare.sh ]; then
  mkdir -p "$DATA/shim"
  cat >"$DATA/shim/wrk" <<SHIM
#!/usr/bin/env bash
# wrk with our bearer token on requests to our server's API only.
for argument in "\$@"; do
  case \$argument in http://127.0.0.1:$PORT/api/*) exec $(command -v wrk) -H "Authorization: Bearer $TOKEN" "\$@" ;; esac
done
exec $(command -v wrk) "\$@"
SHIM
  chmod +x "$DATA/shim/wrk"
  for path in "${ROUTES[@]}"; do
    # Every answer must be a 200 (a 401 or 429 would be fast and meaningless): checked through the shim.
    if "$DATA/shim/wrk" -t1 -c2 -d1s "http://127.0.0.1:$PORT$path" | grep -q Non-2xx; then echo "$path: answers other than 200"; exit 1; fi
    echo "== compare.sh, API=$path (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
    PATH="$DATA/shim:$PATH" PROJECT="http://127.0.0.1:$PORT" API="$path" PEERS="${PEERS:-hummingbird}" ../shared/bench/compare.sh
  done
  exit 0
fi
# Side by side, in the same session: our two routes with the bearer token, and the Hummingbird peer's
# JSON route (50 rows from SQLite), alternating A B A B so that the machine's load falls on both.
peer_dir="${TMPDIR:-/tmp}/bench-peers/peer-hummingbird"
peer=""
if [ "${PEER:-1}" != 0 ] && [ -d ../shared/bench/peers/peer-hummingbird ]; then
  mkdir -p "$peer_dir" && cp -r ../shared/bench/peers/peer-hummingbird/Package.swift ../shared/bench/peers/peer-hummingbird/Sources "$peer_dir/"
  swift build -c release -q --package-path "$peer_dir" >&2
  PEER_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  curl -fs "http://127.0.0.1:$PORT/assets/app.css" -o "$DATA/app.css"
  PORT=$PEER_PORT DB="$DATA/peer.sqlite" ASSET="$DATA/app.css" "$peer_dir/.build/release/peer" >"$DATA/peer.log" 2>&1 &
  peer=$!
  trap 'kill $peer 2>/dev/null || true; cleanup' EXIT
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PEER_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
fi
measure() { # url [header] -> "rps p99ms non2xx"
  wrk -t1 -c"$CONNS" -d"${SECS}s" --latency ${2:+-H "$2"} "$1" 2>/dev/null | awk '
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    /Non-2xx/ {bad=$4}
    END {printf "%s %s %s\n", rps, p99, (bad==""?0:bad)}'
}
ROUNDS=${ROUNDS:-2}
printf '%-34s %10s %8s %8s %12s %8s %7s\n' route rps p99_ms non2xx peer_rps p99_ms ratio
for path in "${ROUTES[@]}"; do
  a=0; b=0; ap=0; bp=0; bad=0
  for _ in $(seq 1 "$ROUNDS"); do
    read -r ra pa na < <(measure "http://127.0.0.1:$PORT$path" "Authorization: Bearer $TOKEN")
    a=$(echo "$a + $ra" | bc -l); ap=$pa; bad=$((bad + na))
    if [ -n "$peer" ]; then
      read -r rb pb _ < <(measure "http://127.0.0.1:$PEER_PORT/api/v1/bench/items?page=3")
      b=$(echo "$b + $rb" | bc -l); bp=$pb
    fi
  done
  ratio=$([ -n "$peer" ] && echo "$a / $b" | bc -l || echo 0)
  printf '%-34s %10.0f %8s %8s %12.0f %8s %7.2f\n' "$path" "$(echo "$a/$ROUNDS" | bc -l)" "$ap" "$bad" \
    "$(echo "$b/$ROUNDS" | bc -l)" "$bp" "$ratio"
done
