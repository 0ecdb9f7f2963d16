package dev.gatehouse.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.redis.RedisClients;
import dev.gatehouse.testing.RedisKeys;
import dev.gatehouse.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

class RedisRateLimiterTest extends RateLimiterContract {

    private Vertx vertx;
    private Redis redis;
    private String namespace;
    private RateLimiter peer;

    @Override
    protected RateLimiter newLimiter() {
        String url = TestServices.redis();
        vertx = Vertx.vertx();
        redis = RedisClients.create(vertx, url);
        namespace = TestServices.redisKeyPrefix();
        return new RedisRateLimiter(redis, clock, namespace);
    }

    /** A second gateway: its own client, the same keys. */
    @Override
    protected RateLimiter peer() {
        if (peer == null) {
            peer = new RedisRateLimiter(RedisClients.create(vertx, TestServices.redis()), clock, namespace);
        }
        return peer;
    }

    @AfterEach
    void close() throws Exception {
        if (vertx != null) {
            List<String> keys = keys(namespace + RedisRateLimiter.PREFIX + "*");
            for (String key : keys) {
                redis.send(Request.cmd(Command.DEL).arg(key)).await(10, TimeUnit.SECONDS);
            }
            assertThat(keys(namespace + RedisRateLimiter.PREFIX + "*")).isEmpty();
            redis.close();
            vertx.close();
        }
    }

    private List<String> keys(String pattern) throws Exception {
        return RedisKeys.scan(redis, pattern);
    }
}
