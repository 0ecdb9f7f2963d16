-- wrk script: POST a streaming ("stream": true) chat completion.
--
--   BENCH_API_KEY=sk-... wrk -t1 -c1000 -d25s --timeout 60s -s bench/stream.lua URL
--
-- wrk reads each SSE response to its end (the terminating chunk) before reusing the connection,
-- so every connection holds one open stream at a time; with a slow mock (e.g. --chunk-interval-ms
-- 500 --words 40, ~20 s per stream) -c1000 keeps ~1,000 streams open. run.sh uses it for scenario d
-- when MEM_CLIENT=wrk (the default client there is bench/streams.py, which also checks every
-- stream's content). Requests are counted when a stream completes, so runs shorter than one stream
-- report 0 requests (requests= in the RESULT line counts completed streams); that is expected.
-- Env: BENCH_API_KEY, BENCH_BODY (overrides the JSON body), BENCH_HEADERS.

wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
  or '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"stream":true}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "text/event-stream"
local key = os.getenv("BENCH_API_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
-- BENCH_HEADERS: more request headers, "Name: value" pairs separated by "|" (as in post.lua).
for pair in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
  local name, value = string.match(pair, "^%s*([^:]+):%s*(.*)$")
  if name then wrk.headers[name] = value end
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f bytes=%d non2xx=%d connect_err=%d read_err=%d write_err=%d"
      .. " timeouts=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, secs, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
