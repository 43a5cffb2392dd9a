#!/usr/bin/env bash
# Tailor benchmarks, each side by side with its baseline in the same run, reported as ratios.
#
#   bench/run.sh [jmh|http|page|qualifying|visitors|scale|all]      (default: all; run from anywhere)
#
# jmh   in-process hot paths (JMH): profile update per event vs a HashMap merge; plan + local
#       generation + validation per variant vs one swc4j parse of the same file.
# http  wrk against POST /api/track on loopback, next to nginx `return 204` with the same wrk
#       settings: single events (unique event_ids) and batches of 100; checks that every
#       acknowledged event is in the SQLite events table after Tailor is killed with SIGKILL; and
#       the HTTP floor: a body the parser refuses (bench/http/floor.lua), the most a stored event can reach.
#
# page  wrk GET / with a signed cookie of a visitor on a live variant, and GET of that page's hashed
#       JS bundle (/artifacts/...), identity and gzip, each next to nginx serving the same bytes (bench/modes/page.sh).
# qualifying  single-event POST /api/track with the spec's payload (page_view of analytics_dashboard,
#       time_spent up to 300 s) over 5,000 visitors who all qualify, next to nginx `return 204`.
#
# visitors  `tailor simulate`: USERS (1000) concurrent simulated visitors for SIM_DURATION (60s)
#       against a fresh Tailor; requests/s and p50/p95/p99 per endpoint, errors, heap and RSS,
#       optimizations and cost, and every acknowledged event read back (bench/modes/visitors.sh).
#
# scale  batched ingest (batch.lua) on SQLite (baseline), PostgreSQL, and Kafka + PostgreSQL with
#       1, 2, 3 nodes, the same wrk connections spread over the nodes; events/s as ratios vs SQLite
#       and per added node; every acknowledged event stored (bench/modes/scale.sh).
#
# Settings (environment): DURATION (15s), WARMUP (5s), THREADS (2), CONNECTIONS (64),
# JMH_ARGS (extra JMH options, e.g. "-f 1 -i 3"). Output: bench/results/<timestamp>/.
set -euo pipefail

MODE="${1:-all}"
case "$MODE" in jmh|http|page|qualifying|visitors|scale|all) ;; *) echo "usage: bench/run.sh [jmh|http|page|qualifying|visitors|scale|all]" >&2; exit 2 ;; esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-5s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$ROOT/bench/results/$STAMP"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.md"
: > "$SUMMARY"

say() { printf '\n== %s\n' "$*" >&2; }

need_apt() { # installs Debian packages whose commands are missing
  local missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
  done
  if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

machine() {
  {
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- nproc: $(nproc); memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "- cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "- java: $(java -version 2>&1 | head -1)"
    echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  } >> "$SUMMARY"
}

build_main() {
  say "building target/tailor.jar (mvn package -DskipTests)"
  mvn -q -B -DskipTests package > "$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
}

# ---------------------------------------------------------------- helpers the modes share (bench/modes/<mode>.sh)
PIDS_TO_STOP=()
NGINX_PREFIX=""
cleanup() {
  if [ -n "$NGINX_PREFIX" ] && [ -f "$NGINX_PREFIX/nginx.pid" ]; then
    kill "$(cat "$NGINX_PREFIX/nginx.pid")" 2>/dev/null || true
  fi
  for pid in "${PIDS_TO_STOP[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

free_port() { # below the kernel's ephemeral range, where wrk's own connections could hold the port
  local port low
  low="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
  while :; do
    port=$((10000 + RANDOM % (low - 10000)))
    ss -ltn "sport = :$port" | grep -q LISTEN || { echo "$port"; return; }
  done
}

field() { # field NAME < RESULT line
  tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'
}

wrk_run() { # wrk_run LABEL URL SCRIPT -> prints the RESULT line; full output in $OUT/LABEL.txt
  local label="$1" url="$2" script="$3"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$script" "$url" > "$OUT/$label-warmup.txt" 2>&1
  sleep 1
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url" > "$OUT/$label.txt" 2>&1
  grep '^RESULT' "$OUT/$label.txt"
}

NGINX_PORT=""
start_nginx() { # start_nginx [TEMPLATE [ROOT]] (default: return 204); sets NGINX_PREFIX and NGINX_PORT
  local template="${1:-bench/http/nginx.conf.template}" root="${2:-}"
  NGINX_PREFIX="$(mktemp -d /tmp/tailor-bench-nginx.XXXXXX)"
  local port; port="$(free_port)"; NGINX_PORT="$port"
  local user_directive=""
  [ "$(id -u)" = 0 ] && user_directive="user root;"   # run workers as the current user, not nobody
  sed -e "s#@PREFIX@#$NGINX_PREFIX#g" -e "s#@PORT@#$port#g" -e "s#@USER_DIRECTIVE@#$user_directive#" \
    -e "s#@ROOT@#$root#g" "$template" > "$NGINX_PREFIX/nginx.conf"
  nginx -p "$NGINX_PREFIX" -c "$NGINX_PREFIX/nginx.conf" -e "$NGINX_PREFIX/error.log"
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
}

stop_nginx() {
  kill "$(cat "$NGINX_PREFIX/nginx.pid")"
  for _ in $(seq 50); do [ -f "$NGINX_PREFIX/nginx.pid" ] || break; sleep 0.1; done
  rm -rf "$NGINX_PREFIX"; NGINX_PREFIX=""
}

TAILOR_PID=""
TAILOR_PORT_USED=""
start_tailor() { # start_tailor DATA_DIR; sets TAILOR_PID and TAILOR_PORT_USED
  # TAILOR_BENCH_JVM: JVM options for this Tailor (e.g. a heap bound); TAILOR_BENCH_JAR: another build's jar
  local data="$1" port; port="$(free_port)"; TAILOR_PORT_USED="$port"
  # wrk is one client playing many visitors at full speed: the per-client and per-visitor rate
  # limits (docs/security.md) would measure the limiter, not ingest, so they are off here
  TAILOR_DATA_DIR="$data" TAILOR_PORT="$port" TAILOR_HOST=127.0.0.1 LOG_LEVEL=warn \
    TAILOR_RATE_LIMIT_CLIENT=0 TAILOR_RATE_LIMIT_VISITOR=0 \
    java ${TAILOR_BENCH_JVM:-} -jar "${TAILOR_BENCH_JAR:-target/tailor.jar}" serve > "$data.log" 2>&1 &
  TAILOR_PID=$!
  PIDS_TO_STOP+=("$TAILOR_PID")
  for _ in $(seq 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && return
    kill -0 "$TAILOR_PID" 2>/dev/null || { cat "$data.log" >&2; echo "Tailor did not start" >&2; exit 1; }
    sleep 0.2
  done
  echo "Tailor did not answer /healthz within 120 s" >&2; exit 1
}

ratio_row() { # ratio_row LABEL TAILOR_RESULT NGINX_RESULT TARGET_RATIO TARGET_P99_MS -> one markdown table row
  local t="$2" n="$3" trps nrps tp99 np99 ratio
  trps="$(field rps <<<"$t")"; nrps="$(field rps <<<"$n")"; tp99="$(field p99_ms <<<"$t")"; np99="$(field p99_ms <<<"$n")"
  ratio="$(awk -v a="$trps" -v b="$nrps" 'BEGIN { printf "%.3f", a / b }')"
  printf '| %s | %.0f req/s, p99 %.1f ms, %s non-2xx, %s socket errors | %.0f req/s, p99 %.1f ms | %s× | %s |\n' \
    "$1" "$trps" "$tp99" "$(field other <<<"$t")" "$(field socket_errors <<<"$t")" "$nrps" "$np99" "$ratio" \
    "$(awk -v r="$ratio" -v p="$tp99" -v tr="$4" -v tp="$5" 'BEGIN {
      printf "≥ %s× nginx: %s; p99 ≤ %s ms: %s", tr, (r >= tr ? "met" : "MISSED"), tp, (p <= tp ? "met" : "MISSED") }')"
}

rows() { sqlite3 "$1/tailor.db" "select count(*) from $2"; }

tailor_scenario() { # tailor_scenario LABEL SCRIPT; writes "RESULT... stored=N failed=N" to $OUT/LABEL.result
  local label="$1" script="$2"
  local data; data="$(mktemp -d /tmp/tailor-bench-data.XXXXXX)"
  start_tailor "$data"
  local port="$TAILOR_PORT_USED"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$script" "http://127.0.0.1:$port/api/track" > "$OUT/$label-warmup.txt" 2>&1
  sleep 1
  local before; before="$(rows "$data" events)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "http://127.0.0.1:$port/api/track" > "$OUT/$label.txt" 2>&1
  # no clean shutdown: SIGKILL, then count what is on disk. Requests still in flight when wrk
  # stopped may add rows wrk never counted, so stored >= acknowledged is the durability check.
  kill -9 "$TAILOR_PID"; wait "$TAILOR_PID" 2>/dev/null || true
  local after; after="$(rows "$data" events)"
  echo "$(grep '^RESULT' "$OUT/$label.txt") stored=$((after - before)) failed=$(rows "$data" failed_events)" > "$OUT/$label.result"
  cp "$data.log" "$OUT/$label-tailor.log"
  rm -rf "$data" "$data.log"
}


machine
case "$MODE" in
  jmh) build_main; source bench/modes/jmh.sh; run_jmh ;;
  http) build_main; source bench/modes/http.sh; run_http ;;
  page) build_main; source bench/modes/page.sh; run_page ;;
  qualifying) build_main; source bench/modes/qualifying.sh; run_qualifying ;;
  visitors) build_main; source bench/modes/visitors.sh; run_visitors ;;
  scale) build_main; source bench/modes/scale.sh; run_scale ;;
  all) build_main; source bench/modes/jmh.sh; run_jmh; source bench/modes/http.sh; run_http ;;
esac
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$SUMMARY"

echo
echo "## Tailor benchmarks — $STAMP (raw output in $OUT)"
echo
cat "$SUMMARY"
