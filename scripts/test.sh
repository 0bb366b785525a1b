#!/usr/bin/env bash
# Runs every test of the project. Installs and starts the real parts the tests need first:
# PostgreSQL from Debian's packages (a throw-away cluster on a free loopback port), an
# S3-compatible server (Python moto) for the evidence store, on another free loopback port, Python's
# aiosmtpd (an SMTP server the notifier's tests start), iproute2 (network namespaces), and
# for the browser tests Debian's Chromium, fonts for Urdu, Pashto and Dari, and playwright-core.
# Usage: scripts/test.sh [extra cargo-nextest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    log "installing PostgreSQL (Debian package postgresql)"
    apt_install postgresql
  fi
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PGDATA_DIR=$(mktemp -d /tmp/jirga-test-pg.XXXXXX)
  chown postgres:postgres "$PGDATA_DIR" 2>/dev/null || true
  local port; port=$(free_port)
  run_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
  run_pg "'$bin/initdb' -D '$PGDATA_DIR/data' -A trust -U postgres >/dev/null"
  # fsync off: these clusters are thrown away; durability is tested on SQLite and by the crash tests.
  run_pg "'$bin/pg_ctl' -D '$PGDATA_DIR/data' -l '$PGDATA_DIR/log' -w -o \"-p $port -k '$PGDATA_DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" start >/dev/null"
  PG_STOP="run_pg \"'$bin/pg_ctl' -D '$PGDATA_DIR/data' -m immediate stop\" >/dev/null 2>&1 || true; rm -rf '$PGDATA_DIR'"
  export JIRGA_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres"
  log "PostgreSQL running on 127.0.0.1:$port"
}

start_s3() {
  if ! python3 -c 'import moto.server' >/dev/null 2>&1; then
    log "installing the Python package moto[server] (an S3-compatible server)"
    python3 -m pip install --quiet 'moto[server]'
  fi
  local port; port=$(free_port)
  S3_LOG=$(mktemp /tmp/jirga-test-s3.XXXXXX)
  python3 -m moto.server -H 127.0.0.1 -p "$port" >"$S3_LOG" 2>&1 &
  S3_PID=$!
  local tries=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 150 ] || ! kill -0 "$S3_PID" 2>/dev/null; then
      cat "$S3_LOG" >&2
      echo "the S3 server (moto) did not start on 127.0.0.1:$port" >&2
      exit 1
    fi
    sleep 0.2
  done
  # The tests make their own buckets; moto takes any credentials, object_store wants some.
  export JIRGA_TEST_S3="http://127.0.0.1:$port"
  export AWS_ACCESS_KEY_ID=jirga-test AWS_SECRET_ACCESS_KEY=jirga-test AWS_REGION=us-east-1
  log "S3 server (moto) running on 127.0.0.1:$port"
}

# The browser tests (crates/jirga/tests/it/browser.rs, tests/browser/): Debian's Chromium; the Noto
# fonts of fonts-noto-core (Noto Nastaliq Urdu, Noto Naskh Arabic), without which Urdu, Pashto and
# Dari show as boxes in the screenshots; and playwright-core from tests/browser/package-lock.json,
# installed again only when the lock changed.
setup_browser() {
  if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf ]; then
    log "installing Chromium and the Noto fonts (Debian packages chromium, fonts-noto-core)"
    apt_install chromium fonts-noto-core
  fi
  export JIRGA_CHROMIUM="${JIRGA_CHROMIUM:-/usr/bin/chromium}"
  if ! command -v npm >/dev/null 2>&1; then
    log "installing Node.js and npm (Debian packages nodejs, npm)"
    apt_install nodejs npm
  fi
  local lock=tests/browser/package-lock.json stamp=tests/browser/node_modules/.installed-lock.sha256 sum
  sum=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
    log "installing playwright-core (npm ci --prefix tests/browser)"
    npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error >/dev/null
    echo "$sum" >"$stamp"
  fi
}

cleanup() {
  if [ -n "${PG_STOP:-}" ]; then eval "$PG_STOP"; fi
  if [ -n "${S3_PID:-}" ]; then kill "$S3_PID" 2>/dev/null || true; wait "$S3_PID" 2>/dev/null || true; rm -f "$S3_LOG"; fi
}
trap cleanup EXIT

start_postgres
start_s3
setup_browser

# The sites test (crates/jirga/tests/it/sites.rs) puts a party's site in a network namespace.
if ! command -v ip >/dev/null 2>&1; then
  log "installing iproute2 (network namespaces for the sites test)"
  apt_install iproute2
fi

# The interoperability test checks our signatures with an independent implementation.
if ! python3 -c 'import cryptography' >/dev/null 2>&1; then
  log "installing the Python package cryptography"
  python3 -m pip install --quiet cryptography || apt_install python3-cryptography
fi

# The notifier's tests send mail to a real SMTP server on loopback: Python's aiosmtpd.
if ! python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
  log "installing the Python package aiosmtpd (an SMTP server for the notifier's tests)"
  python3 -m pip install --quiet aiosmtpd || apt_install python3-aiosmtpd
fi

if ! command -v cargo-nextest >/dev/null 2>&1; then
  log "installing cargo-nextest"
  cargo install --locked cargo-nextest
fi

log "building and running the tests"
cargo nextest run --workspace --no-fail-fast "$@"
