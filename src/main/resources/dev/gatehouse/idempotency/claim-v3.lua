-- gatehouse idempotency claim, version 3 (keys are prefixed {gh}:idem:v3:). Version 1 kept no usage,
-- so an Anthropic-shaped replay, which shows the usage, could not repeat the first answer; version 2
-- kept no relayed provider answer, so a replay to /v1/messages of an Anthropic deployment's answer
-- lost its thinking blocks.
-- KEYS[1]: the entry, a hash {fp, state = running | done, status, body, and the reply's usage:
-- in, cached, cache_write, out, estimated (0 | 1), and relay: the provider's own answer for a client
-- of its dialect, empty when there is none}.
-- ARGV[1] fingerprint of the request body, ARGV[2] how long a running claim holds (ms), so the claim
-- of an instance that died mid-request frees itself.
-- Returns {'claimed'} | {'conflict'} | {'running'} | {'done', status, body, in, cached, cache_write, out, estimated, relay}.
local e = redis.call('HMGET', KEYS[1], 'fp', 'state', 'status', 'body', 'in', 'cached', 'cache_write', 'out', 'estimated', 'relay')
if not e[1] then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'state', 'running')
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
  return {'claimed'}
end
if e[1] ~= ARGV[1] then return {'conflict'} end
if e[2] == 'done' then return {'done', e[3], e[4], e[5], e[6], e[7], e[8], e[9], e[10] or ''} end
return {'running'}
