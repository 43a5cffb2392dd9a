#!/usr/bin/env bash
# The slow-upload attack of issue 13, bounded and on loopback only: starts Tailor on a free
# 127.0.0.1 port with a fresh data directory, holds CONNECTIONS (1000) connections trickling a
# request body one byte every 5 s for ATTACK_SECONDS (30), and prints GET / + POST /api/track latency
# before and during the attack. Figures go in docs/security.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
CONNECTIONS="${CONNECTIONS:-1000}"
ATTACK_SECONDS="${ATTACK_SECONDS:-30}"
[ -f target/tailor.jar ] || mvn -q -B package -DskipTests
JAR="${TAILOR_JAR:-target/tailor.jar}"
data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
TAILOR_DATA_DIR="$data" TAILOR_PORT="$port" TAILOR_HOST=127.0.0.1 TAILOR_OPTIMIZATIONS_PER_HOUR=0 LOG_LEVEL=warn \
  TAILOR_RATE_LIMIT_CLIENT=0 TAILOR_RATE_LIMIT_VISITOR=0 \
  java -Xmx1g -jar "$JAR" serve > "$data/tailor.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 600); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break
  kill -0 "$pid" 2>/dev/null || { cat "$data/tailor.log" >&2; exit 1; }
  sleep 0.1
done
echo "Tailor on 127.0.0.1:$port; $CONNECTIONS slow connections for ${ATTACK_SECONDS}s"
java bench/security/SlowBodies.java "$port" "$CONNECTIONS" "$ATTACK_SECONDS"
