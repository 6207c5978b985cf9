#!/usr/bin/env bash
# Checks the API against its own OpenAPI document with schemathesis: the real `approvals serve` on a
# loopback port, holding the demo data, called with a token made by `approvals tokens create`.
# Fails on a server error, an undocumented status code or content type, or a response that does
# not match its schema. Bounded: a few examples per operation (MAX_EXAMPLES, default 15).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v schemathesis >/dev/null || python3 -m pip install -q schemathesis >/dev/null 2>&1
python3 -c "import openapi_spec_validator" 2>/dev/null || python3 -m pip install -q openapi-spec-validator >/dev/null 2>&1
# The document itself first: valid OpenAPI 3.1, and the same as its generator writes.
python3 - <<'PY'
import json, pathlib, subprocess, sys
from openapi_spec_validator import validate
path = pathlib.Path("Sources/ApprovalsWeb/API/openapi.json")
document = json.loads(path.read_text())
validate(document)
assert document["openapi"].startswith("3.1"), "the document must be OpenAPI 3.1"
before = path.read_text()
subprocess.run([sys.executable, "Tests/Schemathesis/make_openapi.py"], check=True, stdout=subprocess.DEVNULL)
assert path.read_text() == before, "openapi.json differs from what make_openapi.py writes: run it and commit"
print("openapi.json: valid OpenAPI", document["openapi"])
PY
BIN=${APPROVALS_BIN:-.build/debug/approvals}
[ -x "$BIN" ] || swift build --product approvals >/dev/null
DATA=$(mktemp -d)
# A port the kernel says is free now (a random guess collided with other servers on this machine).
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; rm -rf "$DATA"; }
trap cleanup EXIT
"$BIN" demo-data --data "$DATA" >/dev/null
TOKEN=$("$BIN" tokens create --data "$DATA" --name "schemathesis" --expires 2099-12-31 | tail -1)
# A rate limit far above what the run makes: this run checks shapes, not the limit (tests do that).
APPROVALS_API_RATE=10000 "$BIN" serve --data "$DATA" --port "$PORT" --public Public >"$DATA/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
# Our server must be the one answering (it refuses to start on a port another process holds).
kill -0 "$server" 2>/dev/null || { echo "the server did not start:"; cat "$DATA/serve.log"; exit 1; }
# The document is public; fetched without the token, as a client first would.
curl -fs "http://127.0.0.1:$PORT/api/v1/openapi.json" -o "$DATA/openapi.json"
# Real identifiers for the single-resource paths (random ids would only ever reach the 404 answer):
# one operation entry each in a config file, fixing its {id} to a record of the demo data.
python3 - "$PORT" "$TOKEN" >"$DATA/schemathesis.toml" <<'PY'
import json, sys, urllib.request
port, token = sys.argv[1], sys.argv[2]
def first(path, field="id"):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {token}"})
    items = json.load(urllib.request.urlopen(request))["items"]
    return items[0][field] if items else None
def document():
    for item in [first(f"/api/v1/submissions?status={s}") for s in ("approved", "not_approved", "in_review")]:
        if not item: continue
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/submissions/{item}", headers={"Authorization": f"Bearer {token}"})
        for version in json.load(urllib.request.urlopen(request))["versions"]:
            for doc in version["documents"]:
                return doc["id"]
ids = {"cycles": first("/api/v1/cycles"), "organisations": first("/api/v1/organisations"),
       "registrations": first("/api/v1/registrations"), "proposals": first("/api/v1/proposals?status=feedback_issued") or first("/api/v1/proposals"),
       "submissions": first("/api/v1/submissions?status=approved"), "decisions": first("/api/v1/decisions", "submission_id"),
       "exceptions": first("/api/v1/exceptions"), "documents": document()}
for path, value in ids.items():
    if value:
        print(f'[[operations]]\ninclude-path = "/api/v1/{path}/{{id}}"\nparameters = {{ "path.id" = "{value}" }}\n')
if ids["cycles"]:
    for suffix in ("standards", "standards.csv"):
        print(f'[[operations]]\ninclude-path = "/api/v1/cycles/{{id}}/{suffix}"\nparameters = {{ "path.id" = "{ids["cycles"]}" }}\n')
PY
run() { # extra options...
  schemathesis --config-file "$1" run "$DATA/openapi.json" --url "http://127.0.0.1:$PORT" \
    -H "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "${MAX_EXAMPLES:-15}" --phases examples,coverage,fuzzing --request-timeout 10 \
    --exclude-path /api/v1/openapi.json --suppress-health-check all "${@:2}"
}
: >"$DATA/empty.toml"
echo "== every operation, generated parameters"
run "$DATA/empty.toml"
echo "== single resources with identifiers of the demo data"
run "$DATA/schemathesis.toml" --include-path-regex '\{id\}'
