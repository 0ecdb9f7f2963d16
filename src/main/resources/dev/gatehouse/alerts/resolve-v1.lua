-- Claims the resolution of one alert: only the first instance to ask gets 1 and notifies.
-- KEYS[1] the condition's open claim, KEYS[2] the alert's resolved claim.
-- ARGV[1] the alert id, ARGV[2] how long the resolved claim is kept (ms).
if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then
  return 0
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
end
return 1
