package dev.gatehouse.budget;

import dev.gatehouse.redis.RedisClients;
import dev.gatehouse.testing.LocalRedisCluster;
import dev.gatehouse.testing.TestServices;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;

/** The budget ledger contract on a real three-master Redis Cluster. */
class ClusterRedisBudgetLedgerTest extends BudgetLedgerContract {

    private Vertx vertx;

    @Override
    protected BudgetLedger newLedger() {
        LocalRedisCluster cluster = LocalRedisCluster.shared();
        vertx = Vertx.vertx();
        return new RedisBudgetLedger(
                RedisClients.create(vertx, cluster.state()), TestServices.redisKeyPrefix(), SpendSource.NOTHING);
    }

    @AfterEach
    void close() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
