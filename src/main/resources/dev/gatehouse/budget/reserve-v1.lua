-- gatehouse budget reserve, version 1 (keys are prefixed {gh}:bg:v1:).
-- All-or-nothing: add the worst-case cost to every counter, or to none if any would pass its cap.
-- KEYS[i]: one spend counter each (micro-dollars, one per budget and period).
-- ARGV[1] amount (micro-dollars); then per key: cap, time to live in ms (0 = keep forever).
-- Returns {refused index (0 = admitted), then each counter after the decision}.
local amount = tonumber(ARGV[1])
local refused = 0
local values = {}
for i = 1, #KEYS do
  local cur = tonumber(redis.call('GET', KEYS[i])) or 0
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
