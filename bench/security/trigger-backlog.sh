#!/usr/bin/env bash
# The trigger-backlog attack of issue 13 (item 7), on loopback only: for each jar given (default:
# target/tailor.jar; pass a baseline jar too to compare builds side by side in one run), starts
# Tailor on a free 127.0.0.1 port with a fresh data directory and the per-client rate limit off,
# floods it with VISITORS (20000) qualifying visitors, then times one new visitor's optimization
# (bench/security/trigger_backlog.py). Figures go in docs/security.md.
#
#   bench/security/trigger-backlog.sh [JAR ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
VISITORS="${VISITORS:-20000}"
[ "$#" -gt 0 ] || { [ -f target/tailor.jar ] || mvn -q -B package -DskipTests; set -- target/tailor.jar; }
for jar in "$@"; do
  data="$(mktemp -d)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  TAILOR_DATA_DIR="$data" TAILOR_PORT="$port" TAILOR_HOST=127.0.0.1 LOG_LEVEL=warn \
    TAILOR_RATE_LIMIT_CLIENT=0 TAILOR_RATE_LIMIT_VISITOR=0 \
    java -Xmx1g -jar "$jar" serve > "$data/tailor.log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break
    kill -0 "$pid" 2>/dev/null || { cat "$data/tailor.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "== $jar (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  python3 bench/security/trigger_backlog.py "http://127.0.0.1:$port" "$VISITORS" || true
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
done
