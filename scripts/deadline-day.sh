#!/usr/bin/env bash
# Deadline day: the last hour of a submission window under load, faults and bad clients
# (Benchmarks/deadline-day/deadline_day.py).
#
#   scripts/deadline-day.sh          the full benchmark on the release build (about 15 minutes):
#                                    150 AOs x 3 people, 30 reviewers, DfE and Ofqual; figures printed
#                                    and written to .build/deadline-day.json
#   scripts/deadline-day.sh --ci     the one-minute version on the debug build the test run made:
#                                    fails on any 5xx, any lost or half-saved submission, or a failed
#                                    audit verification; performance is reported, not asserted
# Extra arguments go to deadline_day.py (e.g. --skip disk-full, --seed N, --work DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--ci" ]; then
  shift
  binary=.build/debug/approvals
  [ -x "$binary" ] || swift build --product approvals
  # Bounded: the run itself stops its phases on time; this is the backstop.
  exec timeout 175 python3 Benchmarks/deadline-day/deadline_day.py --profile ci --binary "$binary" --root . "$@"
fi

swift build -c release --product approvals
exec python3 Benchmarks/deadline-day/deadline_day.py --profile full --binary .build/release/approvals --root . \
  --report .build/deadline-day.json "$@"
