package dev.gatehouse.cache;

import static org.awaitility.Awaitility.await;

import dev.gatehouse.testing.TestServices;
import java.time.Duration;

/** The same scenarios with the entries in Redis ({@link RedisAnswerStore}), shared by every instance. */
class RedisResponseCacheEndToEndTest extends ResponseCacheEndToEndTest {

    @Override
    protected String state() {
        return "state:\n  type: redis\n  redis_url: " + TestServices.redis() + "\n";
    }

    /** Redis expires entries on its own clock, so the TTL is short and real. */
    @Override
    protected String shortTtl() {
        return "2s";
    }

    /** Waits until Redis let the entry go (the admin API counts the entries with SCAN, which skips expired keys). */
    @Override
    protected void expire() {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> admin.call("GET", "/admin/v1/cache", "")
                                .body()
                                .path("entries")
                                .asLong()
                        == 0);
    }
}
