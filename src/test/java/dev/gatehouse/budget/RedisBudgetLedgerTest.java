package dev.gatehouse.budget;

import dev.gatehouse.redis.RedisClients;
import dev.gatehouse.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

class RedisBudgetLedgerTest extends BudgetLedgerContract {

    private Vertx vertx;
    private Redis redis;

    @Override
    protected BudgetLedger newLedger() {
        String url = TestServices.redis();
        vertx = Vertx.vertx();
        redis = RedisClients.create(vertx, url);
        return new RedisBudgetLedger(redis, "test-" + UUID.randomUUID() + ":");
    }

    @AfterEach
    void close() {
        if (vertx != null) {
            redis.close();
            vertx.close();
        }
    }
}
