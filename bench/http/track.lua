-- Single-event POST /api/track with a unique event_id per request (so dedup stores every one),
-- spread over 10,000 visitors and the acme site's sections.
-- Usage: wrk -s bench/http/track.lua ...   (run from the repository root)
dofile("bench/http/common.lua")
events_per_request = 1

local sections = {"analytics_dashboard", "quick_metrics", "technical_deep_dive", "case_studies",
                  "architecture_details", "quick_cta", "essential_info", "hero"}
local headers = {["Content-Type"] = "application/json"}

-- the next event's body (floor.lua sends the same bodies, wrapped)
function next_body()
  n = n + 1
  return string.format(
    '{"event":"section_dwell","event_id":"w%s-%d-%d","user_id":"v%d","section":"%s","time_spent":%d.5,"device":"desktop"}',
    nonce, tid, n, (n * 7 + tid) % 10000, sections[(n % #sections) + 1], n % 30)
end

function request()
  return wrk.format("POST", "/api/track", headers, next_body())
end
