-- gatehouse rate-limit settle, version 1: give back (or take more) after a request, atomically.
-- KEYS[i]: one bucket each. ARGV[1] now (ms), ARGV[2] reservation id; then per bucket three values:
-- kind ('b' token bucket, 'w' sliding window, 'p' parallel), limit, delta (tokens to add back; negative takes more).
-- A parallel bucket frees the reservation's slot. A token bucket is refilled to now first and may go
-- below zero (a request that used more than it reserved delays the next ones).
local now = tonumber(ARGV[1])
local lease_id = ARGV[2]
for i = 1, #KEYS do
  local base = 2 + (i - 1) * 3
  local kind, limit, delta = ARGV[base + 1], tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
  if kind == 'w' then
    local h = redis.call('HMGET', KEYS[i], 'c', 'p', 'ws')
    local window = now - now % 60000
    local cur, prev, start = tonumber(h[1]) or 0, tonumber(h[2]) or 0, tonumber(h[3]) or window
    if window > start then
      if window == start + 60000 then prev = cur else prev = 0 end
      cur = 0
      start = window
    end
    -- The correction lands on this minute's count, even if the request was counted in the previous one.
    cur = math.max(0, cur - delta)
    redis.call('HSET', KEYS[i], 'c', tostring(cur), 'p', tostring(prev), 'ws', tostring(start))
    redis.call('PEXPIRE', KEYS[i], math.max(1000, start + 120000 - now + 1000))
  elseif kind == 'p' then
    redis.call('ZREM', KEYS[i], lease_id)
  elseif delta ~= 0 then
    local h = redis.call('HMGET', KEYS[i], 't', 'ts')
    local tokens = tonumber(h[1]) or limit
    local ts = tonumber(h[2]) or now
    local at = math.max(now, ts)
    if now > ts then tokens = math.min(limit, tokens + (now - ts) * limit / 60000) end
    local left = math.min(limit, tokens + delta)
    redis.call('HSET', KEYS[i], 't', tostring(left), 'ts', tostring(at))
    redis.call('PEXPIRE', KEYS[i], math.ceil((limit - left) * 60000 / math.max(limit, 1)) + 1000)
  end
end
return 1
