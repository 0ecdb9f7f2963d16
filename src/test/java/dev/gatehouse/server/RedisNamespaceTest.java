package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.budget.Budget;
import dev.gatehouse.budget.BudgetReservation;
import dev.gatehouse.budget.SpendSource;
import dev.gatehouse.config.StateSettings;
import dev.gatehouse.hashing.KeyHashing;
import dev.gatehouse.ratelimit.Bucket;
import dev.gatehouse.ratelimit.Meter;
import dev.gatehouse.ratelimit.Reservation;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.RedisKeys;
import dev.gatehouse.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code state.namespace} puts every Redis key of limits, budgets and idempotency under one prefix
 * outside the {@code {gh}} hash tag; without it the keys are named exactly as before namespaces
 * existed, so an upgraded gateway finds the counters it left.
 */
class RedisNamespaceTest {

    private final ManualClock clock = new ManualClock();
    private Vertx vertx;
    private Redis redis;
    private String url;
    private final String id = UUID.randomUUID().toString().replace("-", "");

    @BeforeEach
    void open() {
        url = TestServices.redis();
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, url);
    }

    @AfterEach
    void close() {
        redis.close();
        vertx.close().await();
    }

    /** Makes one rate-limit bucket, one budget counter and one idempotency entry for the key {@link #id}. */
    private void useEveryCounter(StateSettings settings) throws Exception {
        CounterState counters = CounterState.of(vertx, clock, settings, SpendSource.NOTHING);
        try {
            assertThat(counters.limiter()
                            .reserve(new Reservation("r1", List.of(new Bucket("key", id, Meter.REQUESTS, 5)), 10, 10))
                            .await(10, TimeUnit.SECONDS)
                            .admitted())
                    .isTrue();
            Budget budget = new Budget("key", id, Budget.nanos(1), BudgetPeriod.DAY, Budget.nanos(1));
            assertThat(counters.budgets()
                            .reserve(new BudgetReservation(List.of(budget), Budget.nanos(0.01), clock.instant()))
                            .await(10, TimeUnit.SECONDS)
                            .admitted())
                    .isTrue();
            counters.idempotency().claim(id, "fingerprint").await(10, TimeUnit.SECONDS);
        } finally {
            counters.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNamespacePrefixesEveryKeyAndKeepsTheClusterHashTag() throws Exception {
        String namespace = TestServices.redisNamespace() + "_" + id.substring(0, 8);
        StateSettings settings = onRedis(url).withNamespace(namespace);

        useEveryCounter(settings);

        List<String> keys = scan(namespace + ":*");
        // A token bucket may keep its running holds beside it ({@code :holds}).
        assertThat(keys).hasSizeBetween(3, 4).allSatisfy(key -> {
            assertThat(key).startsWith(namespace + ":{gh}:");
            assertThat(key.substring(key.indexOf('{'), key.indexOf('}') + 1))
                    .as("the hash tag Redis Cluster places the key by")
                    .isEqualTo("{gh}");
        });
        assertThat(keys)
                .anyMatch(k -> k.startsWith(namespace + ":{gh}:rl:v3:key:" + id))
                .anyMatch(k -> k.startsWith(namespace + ":{gh}:bg:v2:"))
                .anyMatch(k -> k.startsWith(namespace + ":{gh}:idem:v3:"));
    }

    @Test
    void withoutANamespaceTheKeysKeepTheirNamesFromBeforeNamespaces() throws Exception {
        List<String> expected = List.of(
                "{gh}:rl:v3:key:" + id + ":rpm",
                "{gh}:bg:v2:key:" + id + ":day:"
                        + BudgetPeriod.DAY.start(clock.instant()).toEpochMilli(),
                "{gh}:idem:v3:" + KeyHashing.sha256Hex(id));
        try {
            useEveryCounter(onRedis(url));

            for (String key : expected) {
                assertThat(redis.send(Request.cmd(Command.EXISTS).arg(key))
                                .await(10, TimeUnit.SECONDS)
                                .toInteger())
                        .as(key)
                        .isEqualTo(1);
            }
        } finally {
            // Outside any test namespace, so the run's cleanup would not find them: deleted here.
            Request del = Request.cmd(Command.DEL);
            expected.forEach(del::arg);
            del.arg(expected.get(0) + ":holds");
            redis.send(del).await(10, TimeUnit.SECONDS);
        }
    }

    private List<String> scan(String pattern) throws Exception {
        return RedisKeys.scan(redis, pattern);
    }

    private static StateSettings onRedis(String url) {
        StateSettings d = StateSettings.defaults();
        return new StateSettings(
                StateSettings.Kind.REDIS,
                url,
                false,
                d.budgetsOnFailure(),
                d.instances(),
                d.keyPollInterval(),
                d.namespace());
    }
}
