package dev.gatehouse.idempotency;

import dev.gatehouse.redis.RedisClients;
import dev.gatehouse.testing.TestServices;
import dev.gatehouse.time.VertxClock;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterEach;

class RedisIdempotencyStoreTest extends IdempotencyStoreContract {

    private Vertx vertx;
    private Redis redis;

    @Override
    protected IdempotencyStore newStore() {
        String url = TestServices.redis();
        vertx = Vertx.vertx();
        redis = RedisClients.create(vertx, url);
        return new RedisIdempotencyStore(new VertxClock(vertx), redis, TestServices.redisKeyPrefix());
    }

    @AfterEach
    void close() {
        if (vertx != null) {
            redis.close();
            vertx.close();
        }
    }
}
