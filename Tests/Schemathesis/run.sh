#!/usr/bin/env bash
# Checks the API against its own OpenAPI document with schemathesis: the real `approvals serve` on a
# loopback port, holding the demo data, called with a token made by `approvals tokens create`.
# Fails on a server error, an undocumented status code or content type, or a response that does
# not match its schema. Bounded: a few examples per operation (MAX_EXAMPLES, default 15).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v schemathesis >/dev/null || python3 -m pip install -q schemathesis >/dev/null 2>&1
BIN=${APPROVALS_BIN:-.build/debug/approvals}
[ -x "$BIN" ] || swift build --product approvals >/dev/null
DATA=$(mktemp -d)
PORT=${PORT:-$((20000 + RANDOM % 20000))}
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; rm -rf "$DATA"; }
trap cleanup EXIT
"$BIN" demo-data --data "$DATA" >/dev/null
TOKEN=$("$BIN" tokens create --data "$DATA" --name "schemathesis" --expires 2099-12-31 | tail -1)
# A rate limit far above what the run makes: this run checks shapes, not the limit (tests do that).
APPROVALS_API_RATE=10000 "$BIN" serve --data "$DATA" --port "$PORT" --public Public >"$DATA/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
# The document is public; fetched without the token, as a client first would.
curl -fs "http://127.0.0.1:$PORT/api/v1/openapi.json" -o "$DATA/openapi.json"
schemathesis run "$DATA/openapi.json" --url "http://127.0.0.1:$PORT" \
  -H "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "${MAX_EXAMPLES:-15}" --phases examples,coverage,fuzzing --request-timeout 10 \
  --exclude-path /api/v1/openapi.json --suppress-health-check all
