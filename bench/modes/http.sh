# bench/run.sh http: wrk against POST /api/track next to nginx `return 204` (sourced by bench/run.sh,
# which defines the nginx/Tailor start and stop helpers, wrk_run, tailor_scenario, $OUT and $SUMMARY).
run_http() {
  need_apt wrk:wrk nginx:nginx sqlite3:sqlite3 ss:iproute2 curl:curl
  [ -f target/tailor.jar ] || build_main
  local settings="wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up), loopback"

  say "nginx return 204: single-event bodies"
  start_nginx
  local n1; n1="$(wrk_run nginx-single "http://127.0.0.1:$NGINX_PORT/api/track" bench/http/track.lua)"
  say "nginx return 204: 100-event bodies"
  local nb; nb="$(wrk_run nginx-batch "http://127.0.0.1:$NGINX_PORT/api/track" bench/http/batch.lua)"
  stop_nginx

  say "Tailor POST /api/track: single events"
  tailor_scenario tailor-single bench/http/track.lua
  say "Tailor POST /api/track: batches of 100"
  tailor_scenario tailor-batch bench/http/batch.lua
  say "Tailor POST /api/track: the HTTP floor (a body the parser refuses, nothing stored)"
  tailor_scenario tailor-floor bench/http/floor.lua
  local t1 tb tf
  t1="$(cat "$OUT/tailor-single.result")"; tb="$(cat "$OUT/tailor-batch.result")"; tf="$(cat "$OUT/tailor-floor.result")"

  printf '%s\n' "nginx-single $n1" "nginx-batch $nb" "tailor-single $t1" "tailor-batch $tb" "tailor-floor $tf" \
    > "$OUT/http-results.txt"
  {
    echo
    echo "### HTTP ($settings)"
    echo
    echo "| scenario | Tailor | nginx return 204 | ratio | p99 Tailor / nginx | durable (stored ≥ acked) | targets |"
    echo "|---|---|---|---|---|---|---|"
    http_row "single event" "$t1" "$n1" 1
    http_row "batch of 100" "$tb" "$nb" 100
    floor_row "$tf" "$n1" "$t1"
  } >> "$SUMMARY"
}

floor_row() { # floor_row FLOOR_RESULT NGINX_RESULT SINGLE_RESULT: Tailor refusing every body, and single events as a share of it
  local f="$1" n="$2" t="$3" frps nrps trps
  frps="$(field rps <<<"$f")"; nrps="$(field rps <<<"$n")"; trps="$(field rps <<<"$t")"
  printf '| HTTP floor (400 for a JSON array body; not a target) | %.0f req/s, p99 %.1f ms, %s refused (expected), %s 2xx, %s stored, %s failed_events | %.0f req/s, p99 %.1f ms | %s× | %.1f / %.1f ms | single events reach %s× of this floor | the most a single stored event can reach on this HTTP stack |\n' \
    "$frps" "$(field p99_ms <<<"$f")" "$(field other <<<"$f")" "$(field ok <<<"$f")" "$(field stored <<<"$f")" "$(field failed <<<"$f")" \
    "$nrps" "$(field p99_ms <<<"$n")" "$(awk -v a="$frps" -v b="$nrps" 'BEGIN { printf "%.2f", a / b }')" \
    "$(field p99_ms <<<"$f")" "$(field p99_ms <<<"$n")" "$(awk -v a="$trps" -v b="$frps" 'BEGIN { printf "%.2f", a / b }')"
}

http_row() { # http_row LABEL TAILOR_RESULT NGINX_RESULT EVENTS_PER_REQUEST
  local label="$1" t="$2" n="$3" per="$4"
  local trps nrps tp99 np99 ok other stored failed errs
  trps="$(field rps <<<"$t")"; nrps="$(field rps <<<"$n")"
  tp99="$(field p99_ms <<<"$t")"; np99="$(field p99_ms <<<"$n")"
  ok="$(field ok <<<"$t")"; other="$(field other <<<"$t")"; errs="$(field socket_errors <<<"$t")"
  stored="$(field stored <<<"$t")"; failed="$(field failed <<<"$t")"
  local acked=$((ok * per))
  local durable="NO: $stored stored < $acked acked"
  [ "$stored" -ge "$acked" ] && durable="yes: $acked acked, $stored stored (+$((stored - acked)) in flight at cutoff)"
  local ratio; ratio="$(awk -v a="$trps" -v b="$nrps" 'BEGIN { printf "%.2f", a / b }')"
  local targets
  if [ "$per" = 1 ]; then
    targets="$(awk -v r="$ratio" -v p="$tp99" 'BEGIN {
      printf "≥ 0.4× nginx: %s; p99 < 20 ms: %s", (r >= 0.4 ? "met" : "MISSED"), (p < 20 ? "met" : "MISSED") }')"
  else
    targets="$(awk -v e="$(awk -v r="$trps" -v p="$per" 'BEGIN { print r * p }')" 'BEGIN {
      printf "≥ 200,000 events/s: %s (%.0f events/s)", (e >= 200000 ? "met" : "MISSED"), e }')"
  fi
  printf '| %s | %.0f req/s (%.0f events/s), p99 %.1f ms, %s non-2xx, %s socket errors | %.0f req/s, p99 %.1f ms | %s× | %.1f / %.1f ms | %s; failed_events rows: %s | %s |\n' \
    "$label" "$trps" "$(awk -v r="$trps" -v p="$per" 'BEGIN { print r * p }')" "$tp99" "$other" "$errs" \
    "$nrps" "$np99" "$ratio" "$tp99" "$np99" "$durable" "$failed" "$targets"
}
