package dev.gatehouse.ratelimit;

import dev.gatehouse.redis.RedisClients;
import dev.gatehouse.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterEach;

class RedisRateLimiterTest extends RateLimiterContract {

    private Vertx vertx;
    private Redis redis;

    @Override
    protected RateLimiter newLimiter() {
        String url = TestServices.redis();
        vertx = Vertx.vertx();
        redis = RedisClients.create(vertx, url);
        return new RedisRateLimiter(redis, clock, TestServices.redisKeyPrefix());
    }

    @AfterEach
    void close() {
        if (vertx != null) {
            redis.close();
            vertx.close();
        }
    }
}
