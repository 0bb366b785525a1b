#!/usr/bin/env bash
# Builds Jirga and starts the demo: a populated deployment on embedded SQLite and local files.
# Usage: scripts/demo.sh [--listen 127.0.0.1:8080] [--fresh]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p jirga
exec ./target/release/jirga demo --data jirga-demo --scenario scenarios/durand-line "$@"
