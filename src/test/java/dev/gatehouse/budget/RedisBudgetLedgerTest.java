package dev.gatehouse.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.redis.RedisClients;
import dev.gatehouse.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisBudgetLedgerTest extends BudgetLedgerContract {

    private Vertx vertx;
    private Redis redis;

    @Override
    protected BudgetLedger newLedger() {
        String url = TestServices.redis();
        vertx = Vertx.vertx();
        redis = RedisClients.create(vertx, url);
        return new RedisBudgetLedger(redis, TestServices.redisKeyPrefix(), SpendSource.NOTHING);
    }

    @AfterEach
    void close() {
        if (vertx != null) {
            redis.close();
            vertx.close();
        }
    }

    /** Says {@code dollars} were spent, a little later, counting how often it was asked. */
    private SpendSource slowSource(double dollars, AtomicInteger reads) {
        return (budgets, at) -> {
            reads.incrementAndGet();
            Promise<List<PeriodSpend>> later = Promise.promise();
            vertx.setTimer(
                    50,
                    id -> later.complete(budgets.stream()
                            .map(b -> new PeriodSpend(b, b.period().start(at), Budget.nanos(dollars)))
                            .toList()));
            return later.future();
        };
    }

    @Test
    void aMissingCounterIsSeededOnceFromTheSpendSourceBeforeAnyoneIsAdmitted() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        String namespace = TestServices.redisKeyPrefix();
        RedisBudgetLedger seeded = new RedisBudgetLedger(redis, namespace, slowSource(0.70, reads));
        Budget key = new Budget("key", "key-1", Budget.nanos(1.00), BudgetPeriod.DAY, Budget.nanos(0.8));

        List<Future<BudgetDecision>> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(seeded.reserve(new BudgetReservation(List.of(key), Budget.nanos(0.05), clock.instant())));
        }
        Future.all(all).await(10, TimeUnit.SECONDS);

        assertThat(reads)
                .as("one read for every request that found the counter missing")
                .hasValue(1);
        // 0.70 spent before: six reservations of 0.05 fill the dollar, the other four are refused.
        assertThat(all.stream().filter(f -> f.result().admitted()).count()).isEqualTo(6);

        // Redis loses the counter: the next reservation reads the spend again rather than starting from zero.
        String counter = namespace
                + RedisBudgetLedger.PREFIX
                + key.counter(key.period().start(clock.instant()).toEpochMilli());
        assertThat(redis.send(Request.cmd(Command.DEL).arg(counter))
                        .await(10, TimeUnit.SECONDS)
                        .toLong())
                .isEqualTo(1);
        BudgetDecision after = seeded.reserve(new BudgetReservation(List.of(key), Budget.nanos(0.05), clock.instant()))
                .await(10, TimeUnit.SECONDS);
        assertThat(reads).hasValue(2);
        assertThat(after.admitted()).isTrue();
        assertThat(after.spent().get(0).nanos()).isEqualTo(Budget.nanos(0.75));
    }
}
