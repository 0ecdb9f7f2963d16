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

-- One machine-readable line for run.sh; latencies in microseconds.
function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f rps=%.1f bytes=%d non2xx=%d connect_err=%d read_err=%d write_err=%d timeouts=%d"
      .. " p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, secs, summary.requests / secs, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
