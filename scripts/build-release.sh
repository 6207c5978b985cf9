#!/usr/bin/env bash
# Builds the server in release mode with the Swift runtime linked in, and installs the executable
# into DEST (default ./out). The Dockerfile's build stage and CI both run this, so the image holds
# what CI built and tested.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-out}
swift build -c release --product approvals --static-swift-stdlib
install -D "$(swift build -c release --show-bin-path)/approvals" "$dest/approvals"
echo "installed $dest/approvals"
