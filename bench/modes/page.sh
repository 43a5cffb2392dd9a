# bench/run.sh page: wrk GET of a personalized page and of its hashed JS bundle, each next to nginx
# serving the same bytes as static files (sourced by bench/run.sh, which defines the nginx/Tailor
# helpers, wrk_run, ratio_row, $OUT and $SUMMARY).
#
# The visitor: fresh Tailor, visitors get a cookie from GET / and post three qualifying page views
# until one is routed to a live variant (X-Tailor-Variant is not "original"); wrk then replays that
# visitor's signed cookie, so every request goes cookie -> variant -> HTML.
variant_served() { # variant_served BASE_URL COOKIE -> the X-Tailor-Variant of that visitor's GET /
  curl -s -D - -o /dev/null -H "Cookie: $2" "$1/" | awk -F': ' 'tolower($1) == "x-tailor-variant" { sub(/\r/, "", $2); print $2 }'
}

run_page() {
  need_apt wrk:wrk nginx:nginx ss:iproute2 curl:curl
  [ -f target/tailor.jar ] || build_main
  local settings="wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up), loopback"
  local data; data="$(mktemp -d /tmp/tailor-bench-data.XXXXXX)"
  # curl and wrk play the visitors: the automation filter would keep them on the original site
  TAILOR_AUTOMATION_FILTER=off start_tailor "$data"
  local base="http://127.0.0.1:$TAILOR_PORT_USED"

  say "finding a visitor on a live variant"
  local cookie="" variant="original"
  for attempt in $(seq 40); do
    local c user
    c="$(curl -s -D - -o /dev/null "$base/" | awk -F': ' 'tolower($1) == "set-cookie" { split($2, a, ";"); print a[1]; exit }')"
    user="${c#*=}"; user="${user%.*}"
    for e in 1 2 3; do
      curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' -H "Cookie: $c" "$base/api/track" \
        -d "{\"event\":\"page_view\",\"event_id\":\"$user-$e\",\"user_id\":\"$user\",\"section\":\"analytics_dashboard\",\"time_spent\":120,\"device\":\"desktop\"}"
    done
    for _ in $(seq 50); do # the variant is planned and generated off the request path
      variant="$(variant_served "$base" "$c")"
      [ "$variant" != "original" ] && break
      sleep 0.2
    done
    if [ "$variant" != "original" ]; then cookie="$c"; break; fi
  done
  [ -n "$cookie" ] || { echo "no visitor reached a live variant after 40 tries (see $data.log)" >&2; exit 1; }

  # nginx serves exactly the bytes Tailor sent this visitor
  local root; root="$(mktemp -d /tmp/tailor-bench-root.XXXXXX)"
  curl -fs -H "Cookie: $cookie" "$base/" -o "$root/index.html"
  local bundle; bundle="$(grep -o '/artifacts/[^"]*\.js' "$root/index.html" | head -1)"
  [ -n "$bundle" ] || { echo "the variant page names no /artifacts/ JS bundle" >&2; exit 1; }
  mkdir -p "$root$(dirname "$bundle")"
  curl -fs "$base$bundle" -o "$root$bundle"
  # and its gzip form as Tailor sends it to a browser, for nginx's gzip_static
  local encoding; encoding="$(curl -fs -D - -H 'Accept-Encoding: gzip' "$base$bundle" -o "$root$bundle.gz" \
    | awk -F': ' 'tolower($1) == "content-encoding" { sub(/\r/, "", $2); print $2 }')"
  [ "$encoding" = "gzip" ] || { echo "Tailor sent the bundle to a client taking gzip as '${encoding:-identity}'" >&2; exit 1; }
  say "variant $variant: page $(wc -c < "$root/index.html") bytes, bundle $bundle $(wc -c < "$root$bundle") bytes ($(wc -c < "$root$bundle.gz") gzip)"

  say "Tailor GET / (personalized)"
  local tp tb
  tp="$(BENCH_COOKIE="$cookie" BENCH_PATH=/ wrk_run tailor-page "$base/" bench/http/page.lua)"
  # every measured request must have been the variant, not a fallback to the original
  local after; after="$(variant_served "$base" "$cookie")"
  [ "$after" = "$variant" ] || { echo "after the run the visitor got '$after', not '$variant'" >&2; exit 1; }
  say "Tailor GET $bundle"
  tb="$(BENCH_COOKIE="$cookie" BENCH_PATH="$bundle" wrk_run tailor-bundle "$base$bundle" bench/http/page.lua)"
  say "Tailor GET $bundle, Accept-Encoding: gzip"
  local tz
  tz="$(BENCH_ACCEPT_ENCODING=gzip BENCH_COOKIE="$cookie" BENCH_PATH="$bundle" wrk_run tailor-bundle-gzip "$base$bundle" bench/http/page.lua)"
  kill "$TAILOR_PID" 2>/dev/null || true; wait "$TAILOR_PID" 2>/dev/null || true
  cp "$data.log" "$OUT/page-tailor.log"; rm -rf "$data" "$data.log"

  start_nginx bench/http/nginx-static.conf.template "$root"
  cmp -s <(curl -fs "http://127.0.0.1:$NGINX_PORT/") "$root/index.html" || { echo "nginx does not serve the page bytes" >&2; exit 1; }
  say "nginx GET / (same bytes)"
  local np nb
  np="$(BENCH_COOKIE="$cookie" BENCH_PATH=/ wrk_run nginx-page "http://127.0.0.1:$NGINX_PORT/" bench/http/page.lua)"
  say "nginx GET $bundle (same file)"
  nb="$(BENCH_COOKIE="$cookie" BENCH_PATH="$bundle" wrk_run nginx-bundle "http://127.0.0.1:$NGINX_PORT$bundle" bench/http/page.lua)"
  cmp -s <(curl -fs -H 'Accept-Encoding: gzip' "http://127.0.0.1:$NGINX_PORT$bundle") "$root$bundle.gz" \
    || { echo "nginx does not serve Tailor's gzip bytes of the bundle" >&2; exit 1; }
  say "nginx GET $bundle, Accept-Encoding: gzip (Tailor's gzip bytes, gzip_static)"
  local nz
  nz="$(BENCH_ACCEPT_ENCODING=gzip BENCH_COOKIE="$cookie" BENCH_PATH="$bundle" wrk_run nginx-bundle-gzip "http://127.0.0.1:$NGINX_PORT$bundle" bench/http/page.lua)"
  stop_nginx
  rm -rf "$root"

  printf '%s\n' "tailor-page $tp" "nginx-page $np" "tailor-bundle $tb" "nginx-bundle $nb" \
    "tailor-bundle-gzip $tz" "nginx-bundle-gzip $nz" > "$OUT/page-results.txt"
  {
    echo
    echo "### Personalized page and hashed assets ($settings; variant $variant)"
    echo
    echo "| request | Tailor | nginx, same bytes | ratio | targets |"
    echo "|---|---|---|---|---|"
    ratio_row "GET / (signed cookie → variant → HTML)" "$tp" "$np" 0.5 10
    ratio_row "GET $bundle" "$tb" "$nb" 0.5 10
    ratio_row "GET $bundle, Accept-Encoding: gzip (as browsers ask)" "$tz" "$nz" 0.5 10
  } >> "$SUMMARY"
}
