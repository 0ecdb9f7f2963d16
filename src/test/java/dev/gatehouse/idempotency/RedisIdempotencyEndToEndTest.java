package dev.gatehouse.idempotency;

import dev.gatehouse.testing.TestServices;

/** The same end-to-end scenarios with the counters in Redis, so replays come from {@link RedisIdempotencyStore}. */
class RedisIdempotencyEndToEndTest extends IdempotencyEndToEndTest {

    @Override
    protected String state() {
        return "state:\n  type: redis\n  redis_url: " + TestServices.redis() + "\n";
    }
}
