-- gatehouse budget reserve, version 2. Keys keep the {gh}:bg:v1: prefix: the counters mean what they
-- meant in version 1, so instances of both versions can share them during an upgrade.
-- All-or-nothing: add the worst-case cost to every counter, or to none if any would pass its cap.
-- Unlike version 1, a counter that does not exist is not taken for zero: Redis may have lost its data
-- (restarted without persistence, failed over, flushed) while the spend is still in the usage store.
-- Then nothing changes and the script returns {-1, the index of each missing counter}; the gateway
-- seeds those counters from the usage store and runs the script again.
-- KEYS[i]: one spend counter each (micro-dollars, one per budget and period).
-- ARGV[1] amount (micro-dollars); then per key: cap, time to live in ms (0 = keep forever).
-- Returns {refused index (0 = admitted), then each counter after the decision}, or {-1, missing...}.
local missing = {-1}
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then missing[#missing + 1] = i end
end
if #missing > 1 then return missing end
local amount = tonumber(ARGV[1])
local refused = 0
local values = {}
for i = 1, #KEYS do
  local cur = tonumber(redis.call('GET', KEYS[i]))
  values[i] = cur
  if refused == 0 and cur + amount > tonumber(ARGV[2 + (i - 1) * 2]) then refused = i end
end
if refused == 0 then
  for i = 1, #KEYS do
    values[i] = redis.call('INCRBY', KEYS[i], amount)
    local ttl = tonumber(ARGV[3 + (i - 1) * 2])
    if ttl > 0 then redis.call('PEXPIRE', KEYS[i], ttl) end
  end
end
local out = {refused}
for i = 1, #KEYS do out[#out + 1] = values[i] end
return out
