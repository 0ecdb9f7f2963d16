-- One SCAN page, run on the node that holds KEYS[1]'s slot. On Redis Cluster a plain SCAN goes to
-- whichever node the client picks and sees only that node's keys; every Gatehouse key carries the
-- hash tag of KEYS[1], so that node holds them all. On one server it is a plain SCAN.
-- KEYS[1]: the hash tag ({gh}), only for routing. ARGV[1] cursor, ARGV[2] MATCH pattern, ARGV[3] COUNT.
return redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
