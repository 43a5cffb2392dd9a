# bench/run.sh visitors: `tailor simulate` against a fresh Tailor with a bounded heap (sourced by
# bench/run.sh, which defines start_tailor, build_main, $OUT and $SUMMARY).
#
# USERS (1000; the spec's load is 10000), SIM_DURATION (60s), TAILOR_HEAP (512m: Tailor runs with
# -Xmx of it and the other flags of ./tailor, so running out of memory ends the run instead of
# hiding in a large default heap), BASE_USERS (1000): when USERS is larger, the same simulation at
# BASE_USERS runs first on its own fresh Tailor, as the baseline of the same session.
# VISITORS_JFR=1 records a JFR (profile settings, old-object samples) of the USERS run.
#
# No nginx baseline: a visitor needs the server's cookie, sessions and profiles, which nginx does not
# have; the figures are checked against the issue's targets (0 errors, heap ≤ 512 MB, ≤ $0.005 per
# personalized visitor, every acknowledged event stored) and against the smaller run.
run_visitors() {
  need_apt curl:curl ss:iproute2 jq:jq
  local users="${USERS:-1000}" base_users="${BASE_USERS:-1000}" duration="${SIM_DURATION:-60s}" heap="${TAILOR_HEAP:-512m}"
  local labels=()
  if [ "$users" -gt "$base_users" ]; then
    simulate_once "visitors-$base_users" "$base_users" "$duration" "$heap" 0
    labels+=("visitors-$base_users")
  fi
  simulate_once "visitors-$users" "$users" "$duration" "$heap" "${VISITORS_JFR:-0}"
  labels+=("visitors-$users")
  visitors_summary "$duration" "$heap" "${labels[@]}"
}

# simulate_once LABEL USERS DURATION HEAP JFR: one fresh Tailor, one simulation; writes
# $OUT/LABEL.json (simulate's report), $OUT/LABEL.jvm (what the server's JVM says after the run)
simulate_once() {
  local label="$1" users="$2" duration="$3" heap="$4" jfr="$5"
  local data; data="$(mktemp -d /tmp/tailor-bench-data.XXXXXX)"
  local jvm="-Xmx$heap -Xss1m -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError -Xlog:gc:file=$OUT/$label-gc.log"
  [ "$jfr" = 1 ] && jvm="$jvm -XX:StartFlightRecording=filename=$OUT/$label.jfr,settings=profile"
  # the simulated visitors speak through Java's HttpClient, which the automation filter flags
  TAILOR_BENCH_JVM="$jvm" TAILOR_AUTOMATION_FILTER=off start_tailor "$data"
  say "$label: tailor simulate --users $users --duration $duration against Tailor -Xmx$heap"
  local rc=0
  java -Xss512k -jar target/tailor.jar simulate --users "$users" --duration "$duration" \
    --url "http://127.0.0.1:$TAILOR_PORT_USED" > "$OUT/$label.json" 2> "$OUT/$label.err" || rc=$?
  {
    echo "simulate_exit=$rc"
    if kill -0 "$TAILOR_PID" 2>/dev/null; then
      echo "alive=yes"
      # peak RSS before the GC below changes anything
      echo "peak_rss_mb=$(awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$TAILOR_PID/status")"
      jstat -gc "$TAILOR_PID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i } NR == 2 { for (i = 1; i <= NF; i++) print "jstat_" h[i] "=" $i }'
      # a full GC, then what stays: the heap the run retains
      jcmd "$TAILOR_PID" GC.run > /dev/null
      jcmd "$TAILOR_PID" GC.heap_info > "$OUT/$label-heap.txt"
      echo "heap_after_full_gc_mb=$(awk '/garbage-first heap/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); printf "%d", v / 1024 } }' "$OUT/$label-heap.txt")"
      jcmd "$TAILOR_PID" GC.class_histogram 2>/dev/null | head -25 > "$OUT/$label-histogram.txt"
      [ "$jfr" = 1 ] && jcmd "$TAILOR_PID" JFR.dump filename="$OUT/$label.jfr" > /dev/null
    else
      echo "alive=no"
    fi
    echo "out_of_memory=$(grep -c OutOfMemoryError "$data.log" || true)"
    # G1's pauses from -Xlog:gc, e.g. "GC(12) Pause Young (Normal) (G1 Evacuation Pause) 300M->120M(512M) 12.345ms"
    awk '/Pause/ && / [0-9.]+ms$/ { ms = $NF; sub(/ms/, "", ms); n++; t += ms; if (ms > m) m = ms }
      /Pause Full/ { full++ }
      END { printf "gc_pauses=%d\ngc_pause_total_ms=%.0f\ngc_pause_max_ms=%.1f\ngc_full=%d\n", n, t, m, full }' "$OUT/$label-gc.log"
  } > "$OUT/$label.jvm"
  kill "$TAILOR_PID" 2>/dev/null || true; wait "$TAILOR_PID" 2>/dev/null || true
  cp "$data.log" "$OUT/$label-tailor.log"; rm -rf "$data" "$data.log"
}

visitors_summary() { # visitors_summary DURATION HEAP LABEL...
  local duration="$1" heap="$2"; shift 2
  {
    echo
    echo "### Simulated visitors (tailor simulate, $duration, Tailor -Xmx$heap, loopback, client on the same machine)"
    echo
    echo "| users | req/s | GET / p50 / p95 / p99 ms, errors | POST /api/track p50 / p95 / p99 ms, errors | errors by cause (retried: closed unanswered, sent again) | heap after full GC / max | peak RSS | GC pauses (total, max, full) | OOM | optimizations triggered, live, generated / reused | cost per personalized visitor (measured; Morph ESTIMATE) | acked events, all stored |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    for label in "$@"; do
      local j="$OUT/$label.json" v="$OUT/$label.jvm"
      val() { awk -F= -v k="$1" '$1 == k { print $2 }' "$v"; }
      if [ ! -s "$j" ] || ! jq -e . "$j" > /dev/null 2>&1; then # jq takes an empty file for valid
        echo "| ${label#visitors-} | no report: $(tail -1 "$OUT/$label.err") (simulate exit $(val simulate_exit)) | | | | | | $(val gc_pauses) ($(val gc_pause_total_ms) ms, max $(val gc_pause_max_ms) ms, $(val gc_full) full) | $( [ "$(val out_of_memory)" = 0 ] && echo "none (alive=$(val alive))" || echo YES) | | | |"
        continue
      fi
      jq -r --arg heap "$(val heap_after_full_gc_mb) MB / $(jq -r .server.heap_max_mb "$j") MB" \
        --arg rss "$(val peak_rss_mb) MB" \
        --arg gc "$(val gc_pauses) ($(val gc_pause_total_ms) ms, max $(val gc_pause_max_ms) ms, $(val gc_full) full)" \
        --arg oom "$( [ "$(val alive)" = yes ] && [ "$(val out_of_memory)" = 0 ] && echo none || echo "YES (alive=$(val alive))")" '
        def ep(n): .endpoints[n] | "\(.p50_ms) / \(.p95_ms) / \(.p99_ms), \(.errors)";
        "| \(.users) | \(.requests_per_second) | \(ep("GET /")) | \(ep("POST /api/track")) | \([.endpoints | to_entries[] | select(.value.errors > 0) | "\(.key): \(.value.errors_by_cause | to_entries | map("\(.key) \(.value)") | join(", "))"] | join("; ") | if . == "" then "—" else . end) (retried \([.endpoints[] | .retried // 0] | add)) | \($heap) | \($rss) | \($gc) | \($oom) | \(.optimizations.triggered), \(.optimizations.live), \(.optimizations.variants_generated) / \(.optimizations.variants_reused) | \(if .optimizations.cost_per_personalized_visitor_usd == null then "—" else "$\(.optimizations.cost_per_personalized_visitor_usd) (\(.optimizations.personalized_visitors) visitors, $\(.optimizations.generation_usd))" end); \(if .morph_price_estimate.usd_per_personalized_visitor == null then "no estimate" else "ESTIMATE at Morph'"'"'s prices \(.morph_price_estimate.usd_per_personalized_visitor * 1e8 | round / 100) µ$ ($\(.morph_price_estimate.usd * 1e6 | round / 1e6) for \(.morph_price_estimate.generations) generations)" end) | \(.acknowledged_events), \(.stored.every_acknowledged_event_stored) |"' "$j"
    done
    echo
    echo "Raw: \`$OUT/<label>.json\` (simulate's report), \`.jvm\` (jstat, heap after a full GC, peak RSS), \`-gc.log\`, \`-histogram.txt\`."
  } >> "$SUMMARY"
}
