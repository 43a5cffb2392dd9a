-- Tailor's own HTTP floor: the single-event body of track.lua wrapped in a JSON array, which
-- the parser reads whole and then refuses (400 "body must be a JSON object", nothing stored,
-- not even as a failed event). It costs what a stored event also costs up to the parse —
-- connection, request line, headers, body read, JSON parse, an answer — and nothing after it,
-- so it is the most a single stored event can reach on this HTTP stack.
-- Usage: wrk -s bench/http/floor.lua ...   (run from the repository root)
dofile("bench/http/common.lua")
events_per_request = 1

local headers = {["Content-Type"] = "application/json"}

function request()
  n = n + 1
  local body = string.format(
    '[{"event":"section_dwell","event_id":"f%s-%d-%d","user_id":"v%d","section":"hero","time_spent":%d.5,"device":"desktop"}]',
    nonce, tid, n, (n * 7 + tid) % 10000, n % 30)
  return wrk.format("POST", "/api/track", headers, body)
end
