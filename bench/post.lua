-- wrk script: closed-loop POST of a non-streaming chat completion (scenario a, saturation).
--
--   BENCH_API_KEY=sk-... wrk -t1 -c64 -d15s -s bench/post.lua http://127.0.0.1:8080/v1/chat/completions
--
-- The same request (headers included) goes to every target, so direct, gateway and nginx runs
-- send identical bytes; the mock ignores the Authorization header.
-- Env: BENCH_API_KEY (bearer key; omitted when unset), BENCH_BODY (overrides the JSON body).

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

-- Non-2xx answers by status, with the first body of each, so a run can say what failed. Each wrk
-- thread counts in its own Lua state; done() collects them through the thread handles.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  failures = {}
  first_bodies = {}
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    failures[status] = (failures[status] or 0) + 1
    if not first_bodies[status] then
      first_bodies[status] = string.sub(body or "", 1, 300)
    end
  end
end

local function report_failures()
  local counts, bodies = {}, {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("failures") or {}) do
      counts[status] = (counts[status] or 0) + n
    end
    for status, body in pairs(thread:get("first_bodies") or {}) do
      bodies[status] = bodies[status] or body
    end
  end
  for status, n in pairs(counts) do
    io.write(string.format("NON2XX status=%d count=%d first_body=%s\n", status, n, bodies[status]:gsub("%s+", " ")))
  end
end

-- One machine-readable line for run.sh; latencies in microseconds.
function done(summary, latency, requests)
  report_failures()
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f rps=%.1f bytes=%d non2xx=%d connect_err=%d read_err=%d write_err=%d timeouts=%d"
      .. " p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, secs, summary.requests / secs, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
