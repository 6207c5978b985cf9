#!/usr/bin/env bash
# Builds the server in release mode with the Swift runtime linked in, and installs the executable and
# its resource bundles (page templates, the OpenAPI document) into DEST (default ./out): the bundles
# must sit beside the executable. The Dockerfile's build stage and CI both run this, so the image
# holds what CI built and tested.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-out}
swift build -c release --product approvals --static-swift-stdlib
bin=$(swift build -c release --show-bin-path)
install -D "$bin/approvals" "$dest/approvals"
for bundle in "$bin"/*.resources; do
  rm -rf "$dest/$(basename "$bundle")"
  cp -R "$bundle" "$dest/"
done
echo "installed $dest/approvals and its resources"
