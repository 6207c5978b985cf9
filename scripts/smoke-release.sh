#!/usr/bin/env bash
# Builds the release as the Docker image does (scripts/build-release.sh), installs it into a folder of
# its own, and serves from another working directory: the start page (templates from the installed
# bundle), the stylesheet and the API document must answer, and the database must migrate.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/approvals-smoke.XXXXXX)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
"$root/scripts/build-release.sh" "$work/bin"
cd "$work"
# A port the kernel says is free now: a random guess can land on another server of the machine.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$work/bin/approvals" serve --port "$port" --data "$work/data" --public "$root/Public" --migrations "$root/Migrations" >"$work/log" 2>&1 &
server=$!
for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
# Ours must be the server answering; if it stopped, say why.
kill -0 "$server" 2>/dev/null || { echo "the release server did not start:"; cat "$work/log"; exit 1; }
# Each answer is saved before it is searched: `curl | grep -q` fails at random under pipefail, since
# grep stops reading at the first match and curl then cannot write the rest (curl's exit code 23).
fetch() { curl -fsS "http://127.0.0.1:$port$1" -o "$work/answer"; }
fetch / && grep -q "Approvals of technical qualifications" "$work/answer"
fetch /assets/app.css && grep -q -- "--focus" "$work/answer"
fetch /api/v1/openapi.json && grep -q '"openapi"' "$work/answer"
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null
echo "release build serves from $work/bin"
