-- gatehouse rate-limit settle, version 2: give back (or take more) after a request, atomically.
-- ARGV[1] now (ms), ARGV[2] reservation id, ARGV[3] lease (ms), ARGV[4] window (ms); then per bucket
-- five values: kind ('b' token bucket, 'w' sliding log, 'p' parallel), limit, reserved (what the
-- reservation took), refundable (how much of that could come back), used (what the request really
-- used; for a release, what it keeps). Keys as for reserve-v2.lua.
-- A parallel bucket frees the reservation's slot. A token bucket is refilled to now first, takes an
-- overrun whole (it may go below zero, which delays the next requests) and gets back what was not
-- used, but never past its floor less what running reservations hold (TokenBucket.java says why).
-- A sliding log sets the reservation's entry to what was used (an entry settled to nothing is
-- removed); when the entry already left the window, an overrun is logged now instead, so it still counts.
local now = tonumber(ARGV[1])
local lease_id = ARGV[2]
local lease = tonumber(ARGV[3])
local window = tonumber(ARGV[4])

local function load_bucket(h, holds, limit)
  local v = redis.call('HMGET', h, 't', 'f', 'o', 'ts')
  local b = {t = tonumber(v[1]) or limit, f = tonumber(v[2]) or limit, o = tonumber(v[3]) or 0, ts = tonumber(v[4]) or now}
  local gone = redis.call('ZRANGEBYSCORE', holds, '-inf', now)
  for j = 1, #gone do
    local amount = tonumber(string.match(gone[j], ':(%d+)$')) or 0
    b.o = b.o - amount
    b.f = b.f - amount
  end
  if #gone > 0 then redis.call('ZREMRANGEBYSCORE', holds, '-inf', now) end
  if now > b.ts then
    b.t = math.min(limit, b.t + (now - b.ts) * limit / window)
    b.f = math.min(limit, b.f + (now - b.ts) * limit / window)
    b.ts = now
  end
  return b
end

local function save_bucket(h, holds, limit, b)
  redis.call('HSET', h, 't', tostring(b.t), 'f', tostring(b.f), 'o', tostring(b.o), 'ts', tostring(b.ts))
  if b.o > 0 then
    redis.call('PEXPIRE', h, lease + 1000)
    redis.call('PEXPIRE', holds, lease + 1000)
  else
    redis.call('PEXPIRE', h, math.ceil((limit - math.min(b.t, b.f)) * window / math.max(limit, 1)) + 1000)
    redis.call('DEL', holds)
  end
end

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

local k = 1
for i = 1, (#ARGV - 4) / 5 do
  local base = 4 + (i - 1) * 5
  local kind, limit = ARGV[base + 1], tonumber(ARGV[base + 2])
  local reserved, refundable, actual = tonumber(ARGV[base + 3]), tonumber(ARGV[base + 4]), tonumber(ARGV[base + 5])
  if kind == 'w' then
    local log, weights = KEYS[k], KEYS[k + 1]
    k = k + 2
    local used, at = trim(log, weights)
    local held = tonumber(redis.call('HGET', weights, lease_id))
    if held then
      local weight = math.max(0, actual)
      used = used + weight - held
      if weight > 0 then
        redis.call('HSET', weights, lease_id, tostring(weight))
      else
        redis.call('HDEL', weights, lease_id)
        redis.call('ZREM', log, lease_id)
      end
    elseif actual > reserved then
      redis.call('ZADD', log, at, lease_id)
      redis.call('HSET', weights, lease_id, tostring(actual - reserved))
      used = used + actual - reserved
    end
    local newest = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')
    if used > 0 and #newest > 0 then
      redis.call('HSET', weights, '#used', tostring(used), '#latest', tostring(at))
      local ttl = math.max(0, tonumber(newest[2]) + window - now) + 1000
      redis.call('PEXPIRE', log, ttl)
      redis.call('PEXPIRE', weights, ttl)
    else
      redis.call('DEL', log, weights)
    end
  elseif kind == 'p' then
    redis.call('ZREM', KEYS[k], lease_id)
    k = k + 1
  else
    local h, holds = KEYS[k], KEYS[k + 1]
    k = k + 2
    local b = load_bucket(h, holds, limit)
    if refundable > 0 and redis.call('ZREM', holds, lease_id .. ':' .. refundable) == 1 then
      b.f = b.f - (actual - (reserved - refundable))
      b.o = b.o - refundable
    else
      -- No hold (nothing refundable, or its lease expired and it counted as used in full): only an overrun is left to take.
      b.f = b.f - math.max(0, actual - reserved)
    end
    local refund = reserved - actual
    if refund <= 0 then
      b.t = b.t + refund
    else
      b.t = math.max(b.t, math.min(b.t + refund, b.f - b.o))
    end
    save_bucket(h, holds, limit, b)
  end
end
return 1
