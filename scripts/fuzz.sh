#!/usr/bin/env bash
# Builds and runs one libFuzzer target for a bounded time.
#
#   scripts/fuzz.sh NAME SECONDS
#
# Tests/Fuzz/NAME/entry.swift holds an @_cdecl("LLVMFuzzerTestOneInput") function; the Swift files it
# needs are listed one per line, relative to the repository root, in Tests/Fuzz/NAME/sources.txt.
# They are compiled straight with swiftc (SwiftPM renames an executable's entry point, which clashes
# with libFuzzer's own main), with -D FUZZING so shared test files can skip their module imports.
# The fuzzer runs on a copy of Tests/Fuzz/NAME/corpus/ so the seeds in git stay as they are; a crash,
# leak or timeout leaves its input in .build/fuzz/NAME/artifacts/ and makes this script fail.
set -euo pipefail

name="${1:?usage: scripts/fuzz.sh NAME SECONDS}"
seconds="${2:?usage: scripts/fuzz.sh NAME SECONDS}"
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/Tests/Fuzz/$name"
work="$root/.build/fuzz/$name"

[[ -f "$target/entry.swift" && -f "$target/sources.txt" ]] || {
    echo "fuzz.sh: $target needs entry.swift and sources.txt" >&2
    exit 2
}

sources=("$target/entry.swift")
while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line%%#*}"
    line="$(echo "$line" | xargs)"
    [[ -z "$line" ]] && continue
    sources+=("$root/$line")
done <"$target/sources.txt"

rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
[[ -d "$target/corpus" ]] && cp -R "$target/corpus/." "$work/corpus/"

echo "fuzz.sh: compiling $name (${#sources[@]} files)"
# The C shim modules (header-only) are found by their module maps, as SwiftPM would.
swiftc -sanitize=fuzzer,address -parse-as-library -O -D FUZZING \
    -I "$root/Sources/CLinuxIO" -I "$root/Sources/CSubstringSearch" \
    -module-name "Fuzz${name//[^A-Za-z0-9]/}" \
    -o "$work/fuzzer" "${sources[@]}"

echo "fuzz.sh: running $name for ${seconds}s"
export SWIFT_BACKTRACE=enable=no
"$work/fuzzer" "$work/corpus" \
    -max_total_time="$seconds" \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -max_len=4096 \
    -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/"
