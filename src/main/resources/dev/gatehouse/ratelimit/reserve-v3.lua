-- gatehouse rate-limit reserve, version 3 (keys are prefixed {gh}:rl:v3: so a new version never reads old state).
-- Reserves several reservations (an instance gathers those asked for in one turn of an event loop),
-- one after the other, each all-or-nothing across its buckets: check all, then take from all (a script
-- runs alone). ARGV[1] window (ms): a sliding window's length and a token bucket's time to refill its
-- burst; then per reservation: now (ms, from the caller's clock), reservation id, lease expiry (ms, on
-- the caller's clock: Redis's own expiry gets only the relative lease, since the two clocks may differ),
-- bucket count, and per bucket four values: kind, limit, amount, refundable (how much of the amount a
-- settle may give back). Keys: each reservation's in order; two per bucket, in bucket order, except one for 'p':
--   'b' token bucket (TokenBucket.java): hash {t = level, f = floor, o = held, ts = ms, e = no hold
--       expires before this (ms), x = the keys live at least until this (ms)}, missing means full (the
--       burst is the limit), ts never moves back (instance clocks differ); and a sorted set of what
--       running reservations hold ('id:refundable'), scored by lease expiry: a lease that expires counts
--       as used in full, so a crashed instance's requests do not hold forever. Version 2 read the holds
--       and renewed both expiries on every call; 'e' and 'x' let a call skip both until they are due
--       (once per lease or per slack), so a bucket costs one read and one write per call.
--   'w' sliding log: a sorted set of reservation ids scored by admission time, and a hash of their
--       weights with '#used' (their sum) and '#latest' (the log's time, which never moves back). An entry
--       counts while its time is in (now - window, now], so no interval of the window's length ever
--       holds more than the limit.
--   'p' parallel: sorted set of reservation ids scored by lease expiry, so slots of a crashed instance free themselves.
-- Returns per reservation {refused index (0 = admitted), wait ms, then per bucket its level after the
-- decision and, for 'w', ms until its window holds nothing (0 for the others), as strings}.
local window = tonumber(ARGV[1])
local now, lease_id, lease_until = 0, '', 0
-- A bucket's keys are given this much more life than they need, so their expiry is renewed about once
-- per slack; 'x' is on the callers' clocks, so it is trusted only up to MARGIN (instance clocks differ).
local SLACK, MARGIN = 60000, 5000

-- A token bucket as of now: expired holds count as used, then refill.
local function load_bucket(h, holds, limit)
  local v = redis.call('HMGET', h, 't', 'f', 'o', 'ts', 'e', 'x')
  local b = {t = tonumber(v[1]) or limit, f = tonumber(v[2]) or limit, o = tonumber(v[3]) or 0,
    ts = tonumber(v[4]) or now, e = tonumber(v[5]), x = tonumber(v[6]) or 0, grew = false}
  if b.o > 0 and (b.e or 0) <= now then
    local gone = redis.call('ZRANGEBYSCORE', holds, '-inf', now)
    for j = 1, #gone do
      local amount = tonumber(string.match(gone[j], ':(%d+)$')) or 0
      b.o = b.o - amount
      b.f = b.f - amount
    end
    if #gone > 0 then redis.call('ZREMRANGEBYSCORE', holds, '-inf', now) end
    local first = redis.call('ZRANGE', holds, 0, 0, 'WITHSCORES')
    b.e = tonumber(first[2])
  end
  if b.o <= 0 then b.e = nil end
  if now > b.ts then
    b.t = math.min(limit, b.t + (now - b.ts) * limit / window)
    b.f = math.min(limit, b.f + (now - b.ts) * limit / window)
    b.ts = now
  end
  return b
end

-- Writes the bucket; renews both keys' expiry when it would come before what they need (to outlive
-- every hold, and until the bucket is full again) or when the holds set was just created.
local function save_bucket(h, holds, limit, b, need_until)
  local need
  if b.o > 0 then
    need = need_until + 1000
  else
    need = now + math.ceil((limit - math.min(b.t, b.f)) * window / math.max(limit, 1)) + 1000
  end
  if b.grew or need + MARGIN > b.x then
    b.x = math.max(b.x, need + SLACK)
    b.renew = true
  end
  redis.call('HSET', h, 't', tostring(b.t), 'f', tostring(b.f), 'o', tostring(b.o), 'ts', tostring(b.ts),
    'e', tostring(b.e or 0), 'x', tostring(b.x))
  if b.renew then
    redis.call('PEXPIRE', h, b.x - now)
    if b.o > 0 then redis.call('PEXPIRE', holds, b.x - now) end
  end
end

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

-- Reserves the reservation whose bucket values start after ARGV[a] and keys at KEYS[k]; returns its
-- reply and the index of the next reservation's first key.
local function reserve(a, k, n)
  local levels, resets, state, first = {}, {}, {}, {}
  local refused = 0
  local wait = 0
  for i = 1, n do
    local base = a + (i - 1) * 4
    local kind, limit, amount = ARGV[base + 1], tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
    first[i] = k
    resets[i] = 0
    if kind == 'w' then
      local used, at = trim(KEYS[k], KEYS[k + 1])
      levels[i] = used
      state[i] = at
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
      local b = load_bucket(KEYS[k], KEYS[k + 1], limit)
      state[i] = b
      levels[i] = b.t
      if amount > b.t then
        if refused == 0 then refused = i end
        local w = 60000
        if amount <= limit then w = math.max(1, math.ceil((amount - b.t) * window / limit)) end
        if w > wait then wait = w end
      end
      k = k + 2
    end
  end
  local out = {refused, wait}
  for i = 1, n do
    local base = a + (i - 1) * 4
    local kind, limit = ARGV[base + 1], tonumber(ARGV[base + 2])
    local amount, refundable = tonumber(ARGV[base + 3]), tonumber(ARGV[base + 4])
    local key, second = KEYS[first[i]], KEYS[first[i] + 1]
    if kind == 'w' then
      local newest
      if refused == 0 and amount > 0 then
        redis.call('ZADD', key, state[i], lease_id)
        redis.call('HSET', second, lease_id, tostring(amount))
        levels[i] = levels[i] + amount
        -- Entries are scored by the log's time, which never moves back: the one just added is the newest.
        newest = {lease_id, state[i]}
      else
        newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
      end
      if levels[i] > 0 and #newest > 0 then
        redis.call('HSET', second, '#used', tostring(levels[i]), '#latest', tostring(state[i]))
        resets[i] = math.max(0, tonumber(newest[2]) + window - now)
        redis.call('PEXPIRE', key, resets[i] + 1000)
        redis.call('PEXPIRE', second, resets[i] + 1000)
      else
        redis.call('DEL', key, second)
      end
    elseif kind == 'p' then
      if refused == 0 then
        redis.call('ZADD', key, lease_until, lease_id)
        redis.call('PEXPIRE', key, lease_until - now)
        levels[i] = levels[i] + amount
      end
    else
      local b = state[i]
      if refused == 0 then
        b.t = b.t - amount
        b.f = b.f - (amount - refundable)
        if refundable > 0 then
          if b.o <= 0 then
            b.grew = true
            b.e = lease_until
          else
            b.e = math.min(b.e or lease_until, lease_until)
          end
          b.o = b.o + refundable
          redis.call('ZADD', second, lease_until, lease_id .. ':' .. refundable)
        end
        levels[i] = b.t
      end
      save_bucket(key, second, limit, b, lease_until)
    end
    out[#out + 1] = tostring(levels[i])
    out[#out + 1] = tostring(resets[i])
  end
  return out, k
end

local replies = {}
local a, k = 2, 1
while a <= #ARGV do
  now, lease_id, lease_until = tonumber(ARGV[a]), ARGV[a + 1], tonumber(ARGV[a + 2])
  local n = tonumber(ARGV[a + 3])
  a = a + 4
  replies[#replies + 1], k = reserve(a - 1, k, n)
  a = a + 4 * n
end
return replies
