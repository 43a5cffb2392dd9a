-- GET of one fixed path (BENCH_PATH, default /) with the visitor's signed cookie (BENCH_COOKIE), so
-- Tailor routes every request to that visitor's live variant; nginx ignores the cookie.
-- BENCH_ACCEPT_ENCODING, when set, is sent as Accept-Encoding (gzip: what a browser asks for).
-- Usage: BENCH_COOKIE='tailor_vid=...' BENCH_PATH=/ wrk -s bench/http/page.lua ...   (from the repository root)
dofile("bench/http/common.lua")

local path = os.getenv("BENCH_PATH") or "/"
local headers = {["Cookie"] = os.getenv("BENCH_COOKIE") or ""}
if os.getenv("BENCH_ACCEPT_ENCODING") then headers["Accept-Encoding"] = os.getenv("BENCH_ACCEPT_ENCODING") end

function request()
  return wrk.format("GET", path, headers)
end
