-- wrk script for bench/cache.sh (response cache, issue #10): one body, a cycle of bodies, or a run of
-- distinct prompts, closed loop or paced, counting the x-gatehouse-cache answer of every response.
--
--   BENCH_API_KEY=sk-... wrk -t1 -c32 -d15s --latency -s bench/cache.lua URL
--   BENCH_RATE=500 BENCH_API_KEY=sk-... wrk -t1 -c10 -d20s --latency -s bench/cache.lua URL
--
-- Env (all optional):
--   BENCH_API_KEY     bearer key
--   BENCH_METHOD      GET sends no body (the floor, GET /v1/models); default POST
--   BENCH_BODY        the JSON body (default: the "Say hello" chat request of post.lua)
--   BENCH_BODIES      a file with one JSON body per line, sent in turn (the paraphrase cycle)
--   BENCH_FILL=N      N distinct chat requests ("Cache fill prompt number i ..."); after the Nth answer
--                     the thread stops and, with BENCH_FILL_DONE=FILE, writes FILE (wrk itself runs
--                     until -d, so cache.sh waits for FILE and stops it with SIGINT, which prints the results)
--   BENCH_RATE=R      pace at R req/s with rate.lua's schedule (one slot every 1000/R ms, slots more
--                     than 100 ms late dropped); unset or 0: closed loop, and no delay() hook at all,
--                     so closed-loop runs stay on wrk's fast path
-- Use -t1: the rate and the fill count are per wrk thread.
-- done() prints rate.lua's RESULT line plus the cache answers seen:
--   CACHE hit=.. semantic_hit=.. miss=.. bypass=.. none=..   (none: no x-gatehouse-cache header)

local method = os.getenv("BENCH_METHOD") or "POST"
local default_body = os.getenv("BENCH_BODY")
  or '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16}'
local key = os.getenv("BENCH_API_KEY")
local bodies_file = os.getenv("BENCH_BODIES")
local fill = tonumber(os.getenv("BENCH_FILL") or "0")
local fill_done = os.getenv("BENCH_FILL_DONE")
local rate = tonumber(os.getenv("BENCH_RATE") or "0")

wrk.method = method
wrk.headers["Content-Type"] = "application/json"
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
if method ~= "GET" then
  wrk.body = default_body
end

-- Monotonic clock in ms via LuaJIT's FFI, as in rate.lua.
local now_ms
do
  local ok, ffi = pcall(require, "ffi")
  if ok then
    ffi.cdef [[
      typedef struct { long tv_sec; long tv_nsec; } cache_bench_timespec;
      int clock_gettime(int clk_id, cache_bench_timespec *tp);
    ]]
    local ts = ffi.new("cache_bench_timespec")
    now_ms = function()
      ffi.C.clock_gettime(1, ts)
      return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
    end
  end
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

local bodies, next_body, sent, answered
function init(args)
  counts = { hit = 0, ["semantic-hit"] = 0, miss = 0, bypass = 0, none = 0 }
  sent, answered, next_body = 0, 0, 1
  if bodies_file and bodies_file ~= "" then
    bodies = {}
    for line in io.lines(bodies_file) do
      if line:match("%S") then table.insert(bodies, line) end
    end
  end
end

-- Only a run that varies its body defines request(), so single-body runs stay static (wrk's fast path).
if (bodies_file and bodies_file ~= "") or fill > 0 then
  function request()
    local body
    if bodies then
      body = bodies[next_body]
      next_body = next_body % #bodies + 1
    else
      sent = sent + 1
      body = string.format(
        '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Cache fill prompt number %d: say hello"}],"max_tokens":16}',
        sent)
    end
    return wrk.format(method, nil, nil, body)
  end
end

if rate > 0 and now_ms then
  local interval_ms, next_slot = 1000 / rate, nil
  function delay()
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
end

function response(status, headers, body)
  local c = headers["x-gatehouse-cache"] or headers["X-Gatehouse-Cache"] or "none"
  counts[c] = (counts[c] or 0) + 1
  if fill > 0 then
    answered = answered + 1
    if answered == fill then
      if fill_done and fill_done ~= "" then
        local f = io.open(fill_done, "w")
        if f then f:write(answered, "\n"); f:close() end
      end
      wrk.thread:stop()
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f rps=%.1f target_rps=%s bytes=%d non2xx=%d connect_err=%d read_err=%d"
      .. " write_err=%d timeouts=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, secs, summary.requests / secs, os.getenv("BENCH_RATE") or "closed", summary.bytes,
    e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
  local total = {}
  for _, thread in ipairs(threads) do
    for k, v in pairs(thread:get("counts") or {}) do
      total[k] = (total[k] or 0) + v
    end
  end
  io.write(string.format("CACHE hit=%d semantic_hit=%d miss=%d bypass=%d none=%d\n",
    total.hit or 0, total["semantic-hit"] or 0, total.miss or 0, total.bypass or 0, total.none or 0))
end
