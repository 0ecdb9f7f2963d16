-- gatehouse rate-limit reserve, version 1 (keys are prefixed {gh}:rl:v1: so a new version never reads old state).
-- All-or-nothing across every bucket: check all, then take from all, atomically (a script runs alone).
-- KEYS[i]: one bucket each. ARGV[1] now (ms, from the caller's clock), ARGV[2] reservation id,
-- ARGV[3] parallel lease expiry (ms, on the caller's clock: Redis's own expiry gets only the
-- relative lease, since the two clocks may differ); then per bucket three values: kind ('b' token bucket, 'p' parallel),
-- limit, amount; 'w' is a sliding-window counter, hash {c = this minute's count, p = the previous
-- minute's, ws = this minute's start}, whose last-60-s usage is p weighted by its share still in the window, plus c.
-- Token bucket: hash {t = tokens, ts = ms}; missing means full; ts never moves back (instance clocks differ). Parallel: sorted set of reservation ids
-- scored by lease expiry, so slots of a crashed instance free themselves.
-- Returns {refused index (0 = admitted), wait ms, then per bucket its level after the decision, as strings}.
local now = tonumber(ARGV[1])
local lease_id = ARGV[2]
local lease_until = tonumber(ARGV[3])
local levels = {}
local stamps = {}
local wc, wp, ws = {}, {}, {}
local refused = 0
local wait = 0
for i = 1, #KEYS do
  local base = 3 + (i - 1) * 3
  local kind, limit, amount = ARGV[base + 1], tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
  if kind == 'w' then
    local h = redis.call('HMGET', KEYS[i], 'c', 'p', 'ws')
    local window = now - now % 60000
    local cur, prev, start = tonumber(h[1]) or 0, tonumber(h[2]) or 0, tonumber(h[3]) or window
    if window > start then
      if window == start + 60000 then prev = cur else prev = 0 end
      cur = 0
      start = window
    end
    wc[i], wp[i], ws[i] = cur, prev, start
    local used = prev * (1 - math.min(1, math.max(0, (now - start) / 60000))) + cur
    levels[i] = used
    if used + amount > limit then
      if refused == 0 then refused = i end
      local w = 60000
      if amount <= limit then
        if cur + amount <= limit and prev > 0 then
          w = math.max(1, math.ceil(60000 * (1 - (limit - cur - amount) / prev) - (now - start)))
        else
          local t = 0
          if cur > 0 then t = math.max(0, 60000 * (1 - (limit - amount) / cur)) end
          w = math.max(1, start + 60000 - now + math.ceil(t))
        end
      end
      if w > wait then wait = w end
    end
  elseif kind == 'p' then
    redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
    local used = redis.call('ZCARD', KEYS[i])
    levels[i] = used
    if used + amount > limit then
      if refused == 0 then refused = i end
      if wait < 1000 then wait = 1000 end
    end
  else
    local h = redis.call('HMGET', KEYS[i], 't', 'ts')
    local tokens = tonumber(h[1]) or limit
    local ts = tonumber(h[2]) or now
    if now > ts then tokens = math.min(limit, tokens + (now - ts) * limit / 60000) end
    levels[i] = tokens
    stamps[i] = math.max(now, ts)
    if amount > tokens then
      if refused == 0 then refused = i end
      local w = 60000
      if amount <= limit then w = math.max(1, math.ceil((amount - tokens) * 60000 / limit)) end
      if w > wait then wait = w end
    end
  end
end
if refused == 0 then
  for i = 1, #KEYS do
    local base = 3 + (i - 1) * 3
    local kind, limit, amount = ARGV[base + 1], tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
    if kind == 'w' then
      redis.call('HSET', KEYS[i], 'c', tostring(wc[i] + amount), 'p', tostring(wp[i]), 'ws', tostring(ws[i]))
      redis.call('PEXPIRE', KEYS[i], math.max(1000, ws[i] + 120000 - now + 1000))
      levels[i] = levels[i] + amount
    elseif kind == 'p' then
      redis.call('ZADD', KEYS[i], lease_until, lease_id)
      redis.call('PEXPIRE', KEYS[i], lease_until - now)
      levels[i] = levels[i] + amount
    else
      local left = levels[i] - amount
      redis.call('HSET', KEYS[i], 't', tostring(left), 'ts', tostring(stamps[i]))
      redis.call('PEXPIRE', KEYS[i], math.ceil((limit - left) * 60000 / math.max(limit, 1)) + 1000)
      levels[i] = left
    end
  end
end
local out = {refused, wait}
for i = 1, #KEYS do out[#out + 1] = tostring(levels[i]) end
return out
