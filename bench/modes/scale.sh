# bench/run.sh scale: batched ingest (wrk, batch.lua: 100 events per POST /api/track) on SQLite
# (the baseline), on PostgreSQL, and on Kafka + PostgreSQL with 1, 2 and 3 nodes, the same total
# wrk connections in every setup, spread evenly over the nodes. Sourced by bench/run.sh (start_tailor,
# free_port, field, rows, $OUT, $SUMMARY). PostgreSQL and the Kafka broker are started the way the
# tests start them (dev.tailor.bench.ScaleInfra: zonky embedded binaries, broker jars in a child JVM).
SCALE_PARTITIONS=6          # so that three nodes own two partitions each
SCALE_DRAIN_LIMIT=60        # seconds the Kafka consumers get to store what was acknowledged
SCALE_NODE_PIDS=()
SCALE_NODE_PORTS=()

run_scale() {
  need_apt wrk:wrk sqlite3:sqlite3 ss:iproute2 curl:curl
  [ -f target/tailor.jar ] && [ -d target/test-classes/dev/tailor/bench ] || build_main
  say "test classpath (PostgreSQL and Kafka broker jars)"
  mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/test-classpath.txt" \
    > "$OUT/classpath.log" 2>&1 || { cat "$OUT/classpath.log" >&2; exit 1; }
  SCALE_CP="target/test-classes:target/classes:$(cat "$OUT/test-classpath.txt")"

  say "starting PostgreSQL (embedded binaries) and a Kafka broker (child JVM)"
  # their standard input is fd 7 of this script: when the script ends, however, they stop
  mkfifo "$OUT/infra.in"
  java -cp "$SCALE_CP" dev.tailor.bench.ScaleInfra serve 4 < "$OUT/infra.in" > "$OUT/infra.out" 2> "$OUT/infra.log" &
  local infra=$!
  exec 7> "$OUT/infra.in"
  for _ in $(seq 600); do
    grep -q '^READY' "$OUT/infra.out" && break
    kill -0 "$infra" 2>/dev/null || { cat "$OUT/infra.log" >&2; echo "PostgreSQL or Kafka did not start" >&2; exit 1; }
    sleep 0.2
  done
  grep -q '^READY' "$OUT/infra.out" || { echo "PostgreSQL and Kafka not ready within 120 s" >&2; exit 1; }
  local kafka; kafka="$(infra_value KAFKA_BOOTSTRAP)"

  scale_setup sqlite 1 ""
  scale_setup postgres 1 "$(infra_value DATABASE_URL_1)"
  local n
  for n in 1 2 3; do
    scale_setup "kafka-$n" "$n" "$(infra_value "DATABASE_URL_$((n + 1))")" "$kafka"
  done

  exec 7>&-   # ScaleInfra stops PostgreSQL and the broker
  wait "$infra" 2>/dev/null || true
  scale_summary
}

infra_value() { awk -F= -v k="$1" '$1 == k { sub(/^[^=]*=/, ""); print }' "$OUT/infra.out"; }

scale_count() { # scale_count DATA_DIR DATABASE_URL -> rows in the events table of that setup
  if [ -z "$2" ]; then rows "$1" events; else java -cp "$SCALE_CP" dev.tailor.bench.ScaleInfra count "$2"; fi
}

# scale_setup LABEL NODES DATABASE_URL [KAFKA_BOOTSTRAP]: starts the nodes, runs the load over
# them, checks the stored rows against the acknowledged events, writes $OUT/scale-LABEL.result
scale_setup() {
  local label="$1" nodes="$2" url="$3" kafka="${4:-}"
  say "scale: $label ($nodes node(s))"
  local data; data="$(mktemp -d /tmp/tailor-bench-scale.XXXXXX)"
  SCALE_NODE_PIDS=(); SCALE_NODE_PORTS=()
  local i
  for i in $(seq "$nodes"); do
    mkdir -p "$data/node-$i"
    # no optimizations: the figure is ingest, not generation competing with it for the two cores
    TAILOR_OPTIMIZATIONS_PER_HOUR=0 TAILOR_DATABASE_URL="$url" TAILOR_DATABASE_USER=postgres TAILOR_DATABASE_PASSWORD=postgres \
      TAILOR_KAFKA_BOOTSTRAP="$kafka" TAILOR_KAFKA_TOPIC="bench-$label" TAILOR_KAFKA_GROUP="bench-$label" \
      TAILOR_KAFKA_PARTITIONS="$SCALE_PARTITIONS" TAILOR_SHARED_DIR="$data/shared" \
      start_tailor "$data/node-$i"
    SCALE_NODE_PIDS+=("$TAILOR_PID"); SCALE_NODE_PORTS+=("$TAILOR_PORT_USED")
  done
  scale_load "$label-warmup" "$WARMUP"
  sleep 1
  scale_load "$label" "$DURATION"
  local acked; acked="$(scale_acked "$label-warmup" "$label")"

  # every acknowledged event (warm-up and run) must be in the events table. With Kafka the
  # consumers store it after the ack, so they get up to SCALE_DRAIN_LIMIT s; then SIGKILL, no clean
  # shutdown, and count what is on disk (in-flight requests wrk never counted may add rows)
  local stored=0 waited=0
  if [ -n "$kafka" ]; then
    while stored="$(scale_count "$data/node-1" "$url")" && [ "$stored" -lt "$acked" ] && [ "$waited" -lt "$SCALE_DRAIN_LIMIT" ]; do
      sleep 1; waited=$((waited + 1))
    done
  fi
  for i in "${SCALE_NODE_PIDS[@]}"; do kill -9 "$i"; wait "$i" 2>/dev/null || true; done
  stored="$(scale_count "$data/node-1" "$url")"
  echo "$(scale_sum "$label") acked=$acked stored=$stored drain_s=$waited" > "$OUT/scale-$label.result"
  for i in $(seq "$nodes"); do cp "$data/node-$i.log" "$OUT/scale-$label-node-$i.log"; done
  rm -rf "$data"
}

scale_load() { # scale_load LABEL DURATION: one wrk per node side by side, CONNECTIONS and THREADS split over them
  local label="$1" duration="$2" nodes="${#SCALE_NODE_PORTS[@]}" i pids=()
  for i in $(seq 0 $((nodes - 1))); do
    local c=$(((CONNECTIONS + i) / nodes)) t=$(((THREADS + i) / nodes))
    ((t >= 1)) || t=1
    BENCH_NONCE="$label-$i-" wrk -t"$t" -c"$c" -d"$duration" --latency -s bench/http/batch.lua \
      "http://127.0.0.1:${SCALE_NODE_PORTS[$i]}/api/track" > "$OUT/scale-$label-$i.txt" 2>&1 &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i"; done
}

scale_results() { cat "$OUT"/scale-"$1"-[0-9]*.txt | grep '^RESULT'; }

scale_acked() { # scale_acked LABEL... -> acknowledged events (2xx answers × 100) of those runs
  local label; for label in "$@"; do scale_results "$label"; done |
    awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "ok") ok += kv[2] * 100 } } END { print ok + 0 }'
}

scale_sum() { # scale_sum LABEL -> one line over the nodes' wrk runs: sums, and the worst p99
  scale_results "$1" | awk '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      ok += v["ok"]; other += v["other"]; errs += v["socket_errors"]; eps += v["ok"] * v["events_per_request"] / v["seconds"]
      if (v["p99_ms"] > p99) p99 = v["p99_ms"]
    } END { printf "ok=%d other=%d socket_errors=%d events_per_s=%.1f p99_ms=%.3f", ok, other, errs, eps, p99 }'
}

scale_summary() {
  local base one prev=""
  base="$(field events_per_s < "$OUT/scale-sqlite.result")"
  one="$(field events_per_s < "$OUT/scale-kafka-1.result")"
  {
    echo
    echo "### Scale (batches of 100, wrk -t$THREADS -c$CONNECTIONS in total split over the nodes, -d$DURATION after a $WARMUP warm-up, loopback)"
    echo
    echo "| setup | acknowledged events/s | worst p99 | non-2xx / socket errors | stored ≥ acked (warm-up + run) | vs SQLite | vs 1 Kafka node | vs one node fewer |"
    echo "|---|---|---|---|---|---|---|---|"
    local label
    for label in sqlite postgres kafka-1 kafka-2 kafka-3; do
      local r eps; r="$(cat "$OUT/scale-$label.result")"; eps="$(field events_per_s <<<"$r")"
      local acked stored durable
      acked="$(field acked <<<"$r")"; stored="$(field stored <<<"$r")"
      durable="NO: $stored stored < $acked acked"
      [ "$stored" -ge "$acked" ] && durable="yes: $acked acked, $stored stored"
      [ "${label%%-*}" = kafka ] && durable="$durable (drained in $(field drain_s <<<"$r") s)"
      printf '| %s | %.0f | %.1f ms | %s / %s | %s | %s× | %s | %s |\n' "$(scale_name "$label")" "$eps" "$(field p99_ms <<<"$r")" \
        "$(field other <<<"$r")" "$(field socket_errors <<<"$r")" "$durable" "$(scale_ratio "$eps" "$base")" \
        "$([ "${label%%-*}" = kafka ] && echo "$(scale_ratio "$eps" "$one")×" || echo "—")" \
        "$([ "$label" = kafka-2 ] || [ "$label" = kafka-3 ] && echo "$(scale_ratio "$eps" "$prev")×" || echo "—")"
      prev="$eps"
    done
    echo
    echo "PostgreSQL (embedded, $(infra_value POSTGRES_SETTINGS)): one node, TAILOR_DATABASE_URL only."
    echo "Kafka: one broker, TAILOR_KAFKA_BOOTSTRAP too, $SCALE_PARTITIONS partitions; acknowledged means the broker's"
    echo "acks=all answer (Kafka's default flush: the page cache); the consumers store the events in PostgreSQL after it."
  } >> "$SUMMARY"
}

scale_name() {
  case "$1" in sqlite) echo "SQLite, 1 node (baseline)" ;; postgres) echo "PostgreSQL, 1 node" ;;
    kafka-1) echo "Kafka + PostgreSQL, 1 node" ;; *) echo "Kafka + PostgreSQL, ${1#kafka-} nodes" ;; esac
}

scale_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
