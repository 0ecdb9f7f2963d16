-- gatehouse rate-limit reserve, version 2 (keys are prefixed {gh}:rl:v2: so a new version never reads old state).
-- All-or-nothing across every bucket: check all, then take from all, atomically (a script runs alone).
-- ARGV[1] now (ms, from the caller's clock), ARGV[2] reservation id, ARGV[3] parallel lease expiry
-- (ms, on the caller's clock: Redis's own expiry gets only the relative lease, since the two clocks
-- may differ), ARGV[4] window (ms): a sliding window's length and a token bucket's time to refill its
-- burst; then per bucket three values: kind, limit, amount. Keys in bucket order, one per bucket, two for 'w':
--   'b' token bucket: hash {t = tokens, ts = ms}; missing means full (the burst is the limit); ts never
--       moves back (instance clocks differ).
--   'p' parallel: sorted set of reservation ids scored by lease expiry, so slots of a crashed instance free themselves.
--   'w' sliding log: a sorted set of reservation ids scored by admission time, and a hash of their
--       weights with '#used' (their sum) and '#latest' (the log's time, which never moves back). An entry
--       counts while its time is in (now - window, now], so no interval of the window's length ever
--       holds more than the limit.
-- Returns {refused index (0 = admitted), wait ms, then per bucket its level after the decision and,
-- for 'w', ms until its window holds nothing (0 for the others), as strings}.
local now = tonumber(ARGV[1])
local lease_id = ARGV[2]
local lease_until = tonumber(ARGV[3])
local window = tonumber(ARGV[4])

-- Drops the log's entries that left the window; returns its weight in the window and its time.
local function trim(log, weights)
  local h = redis.call('HMGET', weights, '#used', '#latest')
  local used = tonumber(h[1]) or 0
  local at = math.max(now, tonumber(h[2]) or now)
  local horizon = at - window
  while true do
    local gone = redis.call('ZRANGEBYSCORE', log, '-inf', horizon, 'LIMIT', 0, 500)
    if #gone == 0 then break end
    local w = redis.call('HMGET', weights, unpack(gone))
    for j = 1, #gone do used = used - (tonumber(w[j]) or 0) end
    redis.call('HDEL', weights, unpack(gone))
    redis.call('ZREM', log, unpack(gone))
  end
  return used, at
end

-- Ms until `excess` of the oldest weight has left the window.
local function wait_for(log, weights, excess)
  local from = 0
  while true do
    local page = redis.call('ZRANGE', log, from, from + 99, 'WITHSCORES')
    if #page == 0 then return 1 end
    local ids = {}
    for j = 1, #page, 2 do ids[#ids + 1] = page[j] end
    local w = redis.call('HMGET', weights, unpack(ids))
    for j = 1, #ids do
      excess = excess - (tonumber(w[j]) or 0)
      if excess <= 0 then return math.max(1, tonumber(page[2 * j]) + window - now) end
    end
    from = from + 100
  end
end

local function reset_of(log)
  local newest = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')
  if #newest == 0 then return 0 end
  return math.max(0, tonumber(newest[2]) + window - now)
end

local levels, resets, stamps, keys = {}, {}, {}, {}
local refused = 0
local wait = 0
local k = 1
for i = 1, (#ARGV - 4) / 3 do
  local base = 4 + (i - 1) * 3
  local kind, limit, amount = ARGV[base + 1], tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
  keys[i] = k
  resets[i] = 0
  if kind == 'w' then
    local used, at = trim(KEYS[k], KEYS[k + 1])
    levels[i] = used
    stamps[i] = at
    if used + amount > limit then
      if refused == 0 then refused = i end
      local w = 60000
      if amount <= limit then w = wait_for(KEYS[k], KEYS[k + 1], used + amount - limit) end
      if w > wait then wait = w end
    end
    k = k + 2
  elseif kind == 'p' then
    redis.call('ZREMRANGEBYSCORE', KEYS[k], '-inf', now)
    local used = redis.call('ZCARD', KEYS[k])
    levels[i] = used
    if used + amount > limit then
      if refused == 0 then refused = i end
      if wait < 1000 then wait = 1000 end
    end
    k = k + 1
  else
    local h = redis.call('HMGET', KEYS[k], 't', 'ts')
    local tokens = tonumber(h[1]) or limit
    local ts = tonumber(h[2]) or now
    if now > ts then tokens = math.min(limit, tokens + (now - ts) * limit / window) end
    levels[i] = tokens
    stamps[i] = math.max(now, ts)
    if amount > tokens then
      if refused == 0 then refused = i end
      local w = 60000
      if amount <= limit then w = math.max(1, math.ceil((amount - tokens) * window / limit)) end
      if w > wait then wait = w end
    end
    k = k + 1
  end
end
local out = {refused, wait}
for i = 1, #levels do
  local base = 4 + (i - 1) * 3
  local kind, limit, amount = ARGV[base + 1], tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
  local key = KEYS[keys[i]]
  if kind == 'w' then
    local weights = KEYS[keys[i] + 1]
    if refused == 0 and amount > 0 then
      redis.call('ZADD', key, stamps[i], lease_id)
      redis.call('HSET', weights, lease_id, tostring(amount))
      levels[i] = levels[i] + amount
    end
    if levels[i] > 0 then
      redis.call('HSET', weights, '#used', tostring(levels[i]), '#latest', tostring(stamps[i]))
      resets[i] = reset_of(key)
      redis.call('PEXPIRE', key, resets[i] + 1000)
      redis.call('PEXPIRE', weights, resets[i] + 1000)
    else
      redis.call('DEL', key, weights)
    end
  elseif refused == 0 and kind == 'p' then
    redis.call('ZADD', key, lease_until, lease_id)
    redis.call('PEXPIRE', key, lease_until - now)
    levels[i] = levels[i] + amount
  elseif refused == 0 then
    local left = levels[i] - amount
    redis.call('HSET', key, 't', tostring(left), 'ts', tostring(stamps[i]))
    redis.call('PEXPIRE', key, math.ceil((limit - left) * window / math.max(limit, 1)) + 1000)
    levels[i] = left
  end
  out[#out + 1] = tostring(levels[i])
  out[#out + 1] = tostring(resets[i])
end
return out
