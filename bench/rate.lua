-- wrk script: the same POST as post.lua, sent at a fixed aggregate rate (scenario b).
--
--   BENCH_API_KEY=sk-... wrk -t1 -c10 -d15s --latency -s bench/rate.lua URL -- 500
--
-- wrk has no rate option, so this paces requests with wrk's delay() hook: before each request a
-- connection claims the next slot of a per-thread schedule (one slot every 1000/RATE ms) and waits
-- until it. With enough connections (-c10 covers up to ~10 ms of latency at 500 req/s) the achieved
-- rate equals RATE; if the target falls behind, missed slots older than 100 ms are dropped rather
-- than sent as a burst, and the achieved rate (printed in the RESULT line) shows the shortfall.
-- wrk measures latency from the moment a request is written, so the wait is not counted.
-- Use -t1: the rate is per wrk thread.
-- Args after "--": RATE (default: env RATE, else 500), CONNECTIONS (only used by the fallback).
-- Env: BENCH_API_KEY, BENCH_BODY as in post.lua.
-- BENCH_TIMELINE=PREFIX (scenario e) additionally records, per 100 ms of wall-clock time, how many
-- responses arrived and how many were not 2xx (PREFIX-timeline.csv, written by done()), and one line per
-- non-2xx response with its wall-clock time, status and body (PREFIX-non2xx.txt, first 2000). Only
-- then is a response() hook defined, so scenario b runs on wrk's path without one.

wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
  or '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16}'
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_API_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
-- BENCH_HEADERS: more request headers, "Name: value" pairs separated by "|" (bench/portkey.sh).
for pair in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
  local name, value = string.match(pair, "^%s*([^:]+):%s*(.*)$")
  if name then wrk.headers[name] = value end
end

-- Monotonic clock in ms via LuaJIT's FFI (wrk links LuaJIT). Without FFI, fall back to a fixed
-- per-connection think time of CONNECTIONS * 1000 / RATE ms, which runs slightly under RATE.
local now_ms, wall_ms
do
  local ok, ffi = pcall(require, "ffi")
  if ok then
    ffi.cdef [[
      typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
      int clock_gettime(int clk_id, bench_timespec *tp);
    ]]
    local ts = ffi.new("bench_timespec")
    now_ms = function()
      ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
      return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
    end
    wall_ms = function()
      ffi.C.clock_gettime(0, ts) -- CLOCK_REALTIME, comparable with `date +%s%3N`
      return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
    end
  end
end
if not wall_ms then
  wall_ms = function() return os.time() * 1000 end
end

local rate, interval_ms, fixed_delay_ms, next_slot

function init(args)
  rate = tonumber(args[1] or os.getenv("RATE") or "500")
  interval_ms = 1000 / rate
  local conns = tonumber(args[2] or "10")
  fixed_delay_ms = conns * interval_ms
end

function delay()
  if not now_ms then
    return fixed_delay_ms
  end
  local t = now_ms()
  if next_slot == nil or next_slot < t - 100 then
    next_slot = t
  end
  local slot = next_slot
  next_slot = slot + interval_ms
  local d = slot - t
  if d < 0 then d = 0 end
  return d
end

-- Runs in wrk's main Lua state (init() never ran there), so the target rate is read from env RATE.
local function result_line(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f rps=%.1f target_rps=%s pacing=%s bytes=%d non2xx=%d connect_err=%d read_err=%d"
      .. " write_err=%d timeouts=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, secs, summary.requests / secs, os.getenv("RATE") or "?", now_ms and "schedule" or "fixed-delay",
    summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
done = result_line

-- Scenario e: a timeline of responses per 100 ms of wall-clock time (see the header). tl_ok and
-- tl_bad are per-thread tables keyed by epoch time / 100 ms; done() collects them from every thread.
local timeline = os.getenv("BENCH_TIMELINE")
if timeline and timeline ~= "" then
  local threads = {}
  function setup(thread)
    table.insert(threads, thread)
  end

  tl_ok, tl_bad = {}, {}
  local bad_file, bad_lines = nil, 0
  function response(status, headers, body)
    local t = wall_ms()
    local bucket = math.floor(t / 100)
    if status >= 200 and status < 300 then
      tl_ok[bucket] = (tl_ok[bucket] or 0) + 1
      return
    end
    tl_bad[bucket] = (tl_bad[bucket] or 0) + 1
    if bad_lines < 2000 then
      bad_file = bad_file or io.open(timeline .. "-non2xx.txt", "a")
      if bad_file then
        local b = (body or ""):gsub("[\r\n]+", " "):sub(1, 300)
        bad_file:write(string.format("%.0f %d %s\n", t, status, b))
        bad_file:flush()
      end
      bad_lines = bad_lines + 1
    end
  end

  function done(summary, latency, requests)
    result_line(summary, latency, requests)
    local ok, bad, keys = {}, {}, {}
    for _, thread in ipairs(threads) do
      for k, v in pairs(thread:get("tl_ok") or {}) do
        if not ok[k] and not bad[k] then table.insert(keys, k) end
        ok[k] = (ok[k] or 0) + v
      end
      for k, v in pairs(thread:get("tl_bad") or {}) do
        if not ok[k] and not bad[k] then table.insert(keys, k) end
        bad[k] = (bad[k] or 0) + v
      end
    end
    table.sort(keys)
    local f = io.open(timeline .. "-timeline.csv", "w")
    if f then
      f:write("bucket_start_epoch_ms,responses_2xx,responses_non2xx\n")
      for _, k in ipairs(keys) do
        f:write(string.format("%.0f,%d,%d\n", k * 100, ok[k] or 0, bad[k] or 0))
      end
      f:close()
    end
  end
end
