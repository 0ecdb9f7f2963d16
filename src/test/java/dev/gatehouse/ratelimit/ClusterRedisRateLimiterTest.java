package dev.gatehouse.ratelimit;

import dev.gatehouse.redis.RedisClients;
import dev.gatehouse.testing.LocalRedisCluster;
import dev.gatehouse.testing.TestServices;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;

/** The rate-limit contract on a real three-master Redis Cluster: every script's keys share one slot. */
class ClusterRedisRateLimiterTest extends RateLimiterContract {

    private Vertx vertx;
    private String namespace;
    private RateLimiter peer;

    @Override
    protected RateLimiter newLimiter() {
        LocalRedisCluster cluster = LocalRedisCluster.shared();
        vertx = Vertx.vertx();
        namespace = TestServices.redisKeyPrefix();
        return new RedisRateLimiter(RedisClients.create(vertx, cluster.state()), clock, namespace);
    }

    /** A second gateway: its own cluster client, the same keys. */
    @Override
    protected RateLimiter peer() {
        if (peer == null) {
            peer = new RedisRateLimiter(
                    RedisClients.create(vertx, LocalRedisCluster.shared().state()), clock, namespace);
        }
        return peer;
    }

    @AfterEach
    void close() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
