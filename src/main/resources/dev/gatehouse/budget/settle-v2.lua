-- gatehouse budget settle, version 2: version 1 on the nano-dollar counters ({gh}:bg:v2:).
-- Replace the worst case with the real cost on every counter at once.
-- ARGV[1] goes to INCRBY as sent: Lua writes a number past 14 digits as 1e+14, which INCRBY rejects.
-- KEYS[i]: the counters the reservation went to. ARGV[1] delta (nano-dollars, real cost minus worst case).
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('INCRBY', KEYS[i], ARGV[1]) end
end
return 1
