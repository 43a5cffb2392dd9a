-- Batched POST /api/track: 100 events per request ({"events":[…]}), each with a unique event_id.
-- Usage: wrk -s bench/http/batch.lua ...   (run from the repository root)
dofile("bench/http/common.lua")
events_per_request = 100

local sections = {"analytics_dashboard", "quick_metrics", "technical_deep_dive", "case_studies",
                  "architecture_details", "quick_cta", "essential_info", "hero"}
local headers = {["Content-Type"] = "application/json"}
local parts = {}

function request()
  n = n + 1
  local user = (n * 7 + tid) % 10000
  for i = 1, events_per_request do
    parts[i] = string.format(
      '{"event":"section_dwell","event_id":"b%s-%d-%d-%d","user_id":"v%d","section":"%s","time_spent":%d.5,"device":"desktop"}',
      nonce, tid, n, i, user, sections[(i % #sections) + 1], i % 30)
  end
  return wrk.format("POST", "/api/track", headers, '{"events":[' .. table.concat(parts, ",") .. ']}')
end
