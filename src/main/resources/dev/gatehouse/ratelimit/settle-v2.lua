-- gatehouse rate-limit settle, version 2: give back (or take more) after a request, atomically.
-- ARGV[1] now (ms), ARGV[2] reservation id, ARGV[3] window (ms); then per bucket four values: kind
-- ('b' token bucket, 'w' sliding log, 'p' parallel), limit, reserved (what the reservation took),
-- used (what the request really used; for a release, what it keeps). Keys as for reserve-v2.lua.
-- A parallel bucket frees the reservation's slot. A token bucket is refilled to now first, gets back
-- what was not used but never more than its burst, and may go below zero (a request that used more
-- than it reserved delays the next ones). A sliding log sets the reservation's entry to what was used
-- (an entry settled to nothing is removed); when the entry already left the window, an overrun is
-- logged now instead, so it still counts.
local now = tonumber(ARGV[1])
local lease_id = ARGV[2]
local window = tonumber(ARGV[3])

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
for i = 1, (#ARGV - 3) / 4 do
  local base = 3 + (i - 1) * 4
  local kind, limit = ARGV[base + 1], tonumber(ARGV[base + 2])
  local reserved, actual = tonumber(ARGV[base + 3]), tonumber(ARGV[base + 4])
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
    if reserved ~= actual then
      local h = redis.call('HMGET', KEYS[k], 't', 'ts')
      local tokens = tonumber(h[1]) or limit
      local ts = tonumber(h[2]) or now
      if now > ts then tokens = math.min(limit, tokens + (now - ts) * limit / window) end
      local left = math.min(limit, tokens + reserved - actual)
      redis.call('HSET', KEYS[k], 't', tostring(left), 'ts', tostring(math.max(now, ts)))
      redis.call('PEXPIRE', KEYS[k], math.ceil((limit - left) * window / math.max(limit, 1)) + 1000)
    end
    k = k + 1
  end
end
return 1
