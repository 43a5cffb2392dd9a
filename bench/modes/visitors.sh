# bench/run.sh visitors: `tailor simulate` against a fresh Tailor (sourced by bench/run.sh, which
# defines start_tailor, build_main, $OUT and $SUMMARY).
#
# USERS (1000; the spec's load is 10000), SIM_DURATION (60s). No nginx baseline: a visitor needs
# the server's cookie, sessions and profiles, which nginx does not have; the figures are checked
# against the targets instead (0 errors, heap ≤ 512 MB, ≤ $0.005 per personalized visitor,
# every acknowledged event stored).
run_visitors() {
  need_apt curl:curl ss:iproute2
  local users="${USERS:-1000}" duration="${SIM_DURATION:-60s}"
  local data; data="$(mktemp -d /tmp/tailor-bench-data.XXXXXX)"
  # the simulated visitors speak through Java's HttpClient, which the automation filter flags
  TAILOR_AUTOMATION_FILTER=off start_tailor "$data"
  say "tailor simulate --users $users --duration $duration"
  local rc=0
  java -Xss512k -jar target/tailor.jar simulate --users "$users" --duration "$duration" \
    --url "http://127.0.0.1:$TAILOR_PORT_USED" > "$OUT/visitors.json" 2> "$OUT/visitors.err" || rc=$?
  kill "$TAILOR_PID" 2>/dev/null || true; wait "$TAILOR_PID" 2>/dev/null || true
  cp "$data.log" "$OUT/visitors-tailor.log"; rm -rf "$data" "$data.log"
  {
    echo
    echo "### Simulated visitors (tailor simulate --users $users --duration $duration, loopback, same machine)"
    echo
    echo '```'
    cat "$OUT/visitors.json"
    echo '```'
    echo "exit status: $rc (0: no errors and every acknowledged event stored)"
  } >> "$SUMMARY"
}
