-- gatehouse live instances, version 1: mark one instance live until now + ttl, forget the instances
-- whose time has passed, and count the rest.
-- KEYS[1]: the sorted set of instances (score: live until, in ms). ARGV[1] instance id, ARGV[2] now (ms),
-- ARGV[3] ttl (ms). The set itself expires a ttl after the last beat of any instance.
local now = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
redis.call('PEXPIRE', KEYS[1], ttl)
return redis.call('ZCARD', KEYS[1])
