-- Shared by track.lua and batch.lua: per-thread status counters and a machine-readable summary.
-- Each wrk thread runs in its own Lua state; setup() (main state) keeps a handle on each thread
-- so done() can read the counters back.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  -- BENCH_NONCE: wrk processes run side by side (bench/modes/scale.sh) share os.time() and an
  -- unseeded math.random, so each gets its own prefix to keep event_ids unique across them
  thread:set("nonce", (os.getenv("BENCH_NONCE") or "") .. tostring(os.time()) .. "-" .. tostring(math.random(1, 1000000000)))
  table.insert(threads, thread)
end

ok, other, n = 0, 0, 0

function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 else
    other = other + 1
    -- the first refusal per thread, so a non-2xx count comes with its reason
    if first_refusal == nil then first_refusal = status .. " " .. string.sub(body or "", 1, 300) end
  end
end

function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_other = total_other + t:get("other")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d ok=%d other=%d socket_errors=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f events_per_request=%d\n",
    summary.requests, total_ok, total_other,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    events_per_request or 1))
  for _, t in ipairs(threads) do
    local refusal = t:get("first_refusal")
    if refusal ~= nil then io.write("FIRST_REFUSAL " .. refusal .. "\n") end
  end
end
