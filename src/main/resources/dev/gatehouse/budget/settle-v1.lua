-- gatehouse budget settle, version 1: replace the worst case with the real cost on every counter at once.
-- KEYS[i]: the counters the reservation went to. ARGV[1] delta (micro-dollars, real cost minus worst case).
local delta = tonumber(ARGV[1])
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('INCRBY', KEYS[i], delta) end
end
return 1
