package dev.gatehouse.idempotency;

import dev.gatehouse.redis.RedisClients;
import dev.gatehouse.testing.LocalRedisCluster;
import dev.gatehouse.testing.TestServices;
import dev.gatehouse.time.VertxClock;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;

/** The idempotency store contract on a real three-master Redis Cluster. */
class ClusterRedisIdempotencyStoreTest extends IdempotencyStoreContract {

    private Vertx vertx;

    @Override
    protected IdempotencyStore newStore() {
        LocalRedisCluster cluster = LocalRedisCluster.shared();
        vertx = Vertx.vertx();
        return new RedisIdempotencyStore(
                new VertxClock(vertx), RedisClients.create(vertx, cluster.state()), TestServices.redisKeyPrefix());
    }

    @AfterEach
    void close() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
