# bench/run.sh qualifying: single-event POST /api/track with the spec's payload over 5,000 visitors who
# all qualify for a plan, next to nginx `return 204` with the same wrk settings (sourced by bench/run.sh,
# which defines the nginx/Tailor helpers, wrk_run, tailor_scenario, ratio_row, $OUT and $SUMMARY).
run_qualifying() {
  need_apt wrk:wrk nginx:nginx sqlite3:sqlite3 ss:iproute2 curl:curl
  [ -f target/tailor.jar ] || build_main
  local settings="wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up), loopback"

  say "nginx return 204: the qualifying payload"
  start_nginx
  local n; n="$(wrk_run nginx-qualifying "http://127.0.0.1:$NGINX_PORT/api/track" bench/http/qualifying.lua)"
  stop_nginx

  say "Tailor POST /api/track: page_view of analytics_dashboard, 5,000 qualifying visitors"
  tailor_scenario tailor-qualifying bench/http/qualifying.lua
  local t; t="$(cat "$OUT/tailor-qualifying.result")"
  local stored acked; stored="$(field stored <<<"$t")"; acked="$(field ok <<<"$t")"

  printf '%s\n' "nginx-qualifying $n" "tailor-qualifying $t" > "$OUT/qualifying-results.txt"
  {
    echo
    echo "### Qualifying ingest ($settings; spec payload over 5,000 visitors)"
    echo
    echo "| scenario | Tailor | nginx return 204 | ratio | targets |"
    echo "|---|---|---|---|---|"
    ratio_row "single page_view, qualifying visitors" "$t" "$n" 0.4 20
    echo
    echo "Durable: $acked acknowledged, $stored in the events table after SIGKILL ($([ "$stored" -ge "$acked" ] && echo yes || echo NO)); failed_events rows: $(field failed <<<"$t")."
  } >> "$SUMMARY"
}
