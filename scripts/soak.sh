#!/usr/bin/env bash
# Long crash-safety run, outside the normal test command: kill -9 the server under write load
# many times, then check that nothing acknowledged was lost and the log never forked.
# Usage: scripts/soak.sh [ROUNDS]   (default 500)
set -euo pipefail
cd "$(dirname "$0")/.."
export JIRGA_CRASH_ROUNDS="${1:-500}"
exec cargo nextest run -p jirga --no-capture -E 'test(kill_9)'
