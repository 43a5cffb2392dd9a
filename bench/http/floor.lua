-- Tailor's own HTTP floor: track.lua's single-event bodies wrapped in a JSON array, which the
-- parser reads whole and then refuses (400 "body must be a JSON object", nothing stored, not
-- even as a failed event). It costs what a stored event also costs up to the parse —
-- connection, request line, headers, body read, JSON parse, an answer — and nothing after it,
-- so it is the most a single stored event can reach on this HTTP stack.
-- Usage: wrk -s bench/http/floor.lua ...   (run from the repository root)
dofile("bench/http/track.lua")

local headers = {["Content-Type"] = "application/json"}

function request()
  return wrk.format("POST", "/api/track", headers, "[" .. next_body() .. "]")
end
