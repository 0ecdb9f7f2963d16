-- gatehouse budget reserve, version 3: the logic of version 2 on counters in nano-dollars, under the
-- {gh}:bg:v2: prefix (version 2 counted micro-dollars under {gh}:bg:v1:, so the two never share a counter).
-- All-or-nothing: add the worst-case cost to every counter, or to none if any would pass its cap.
-- A counter that does not exist is not taken for zero: Redis may have lost its data (restarted without
-- persistence, failed over, flushed) while the spend is still in the usage store. Then nothing changes
-- and the script returns {-1, the index of each missing counter}; the gateway seeds those counters from
-- the usage store and runs the script again.
-- Lua numbers are doubles: exact to the nano-dollar up to 2^53 (about 9 million dollars); INCRBY
-- itself is exact in 64 bits, so only comparisons of counters past that are approximate, by nanos.
-- KEYS[i]: one spend counter each (nano-dollars, one per budget and period).
-- ARGV[1] amount (nano-dollars); then per key: cap, time to live in ms (0 = keep forever).
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
    -- The argument as sent, not the Lua number: Lua writes a double past 14 digits as 1e+14,
    -- which INCRBY rejects.
    values[i] = redis.call('INCRBY', KEYS[i], ARGV[1])
    local ttl = tonumber(ARGV[3 + (i - 1) * 2])
    if ttl > 0 then redis.call('PEXPIRE', KEYS[i], ttl) end
  end
end
local out = {refused}
for i = 1, #KEYS do out[#out + 1] = values[i] end
return out
