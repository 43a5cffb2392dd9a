-- Single-event POST /api/track with the spec's own payload: a page_view of analytics_dashboard with
-- time_spent up to 300 s, unique event_ids, spread over 5,000 visitors. Every visitor reaches the
-- trigger's minimum events within the warm-up, so the measured run is the qualifying path: trigger,
-- matching to a live variant, rollout assignment, decision log.
-- Usage: wrk -s bench/http/qualifying.lua ...   (run from the repository root)
dofile("bench/http/common.lua")
events_per_request = 1

local headers = {["Content-Type"] = "application/json"}

function request()
  n = n + 1
  local body = string.format(
    '{"event":"page_view","event_id":"q%s-%d-%d","user_id":"q%d","section":"analytics_dashboard","time_spent":%d.5,"device":"desktop"}',
    nonce, tid, n, (n * 7 + tid) % 5000, n % 300)
  return wrk.format("POST", "/api/track", headers, body)
end
