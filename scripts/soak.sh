#!/usr/bin/env bash
# The long runs, outside the normal test command (which runs each of them briefly): kill -9 of a
# lone server under write load; kill -9 (and freezing) of the writer of two servers on one
# PostgreSQL under 1,000 statements/s; a party's site cut off from the others for ten minutes.
# Each checks that nothing acknowledged was lost, nothing forked, and everything caught up.
# Usage: scripts/soak.sh [ROUNDS] [PARTITION_SECONDS]   (default 500 and 600)
set -euo pipefail
cd "$(dirname "$0")/.."
export JIRGA_CRASH_ROUNDS="${1:-500}"
export JIRGA_FAILOVER_ROUNDS="${1:-500}"
export JIRGA_PARTITION_SECS="${2:-600}"
exec bash scripts/test.sh --profile soak --no-capture -E 'test(kill_9) | test(standby_takes_over) | test(partitioned_party_site)'
