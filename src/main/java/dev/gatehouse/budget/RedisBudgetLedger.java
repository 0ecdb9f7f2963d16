package dev.gatehouse.budget;

import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link BudgetLedger} in Redis, shared by every instance: integer micro-dollar counters changed by
 * atomic Lua scripts. Keys carry the {@code {gh}} hash tag (the same Cluster slot as the rate
 * limits) so one script may touch every scope. A period's counter expires a day after the period
 * ends; a total budget's counter is kept. Settling a counter that expired (the period ended long
 * ago) is skipped rather than recreating it.
 */
public final class RedisBudgetLedger implements BudgetLedger {

    static final String PREFIX = "{gh}:bg:v1:";
    private static final RedisScript RESERVE = RedisScript.load("/dev/gatehouse/budget/reserve-v1.lua");
    private static final RedisScript SETTLE = RedisScript.load("/dev/gatehouse/budget/settle-v1.lua");

    private final Redis redis;
    private final String namespace;

    /** @param namespace prepended to every key (tests use one each; production ""). */
    public RedisBudgetLedger(Redis redis, String namespace) {
        this.redis = redis;
        this.namespace = namespace;
    }

    private String key(BudgetReservation r, Budget b) {
        return PREFIX + namespace + r.counter(b);
    }

    @Override
    public Future<BudgetDecision> reserve(BudgetReservation r) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(Long.toString(r.micros())));
        for (Budget b : r.budgets()) {
            keys.add(key(r, b));
            args.add(Long.toString(b.maxMicros()));
            long ttl = b.period() == BudgetPeriod.TOTAL ? 0
                    : Duration.between(r.at(), b.period().end(r.at())).plus(Duration.ofDays(1)).toMillis();
            args.add(Long.toString(ttl));
        }
        return RESERVE.run(redis, keys, args).map(reply -> decision(r, reply));
    }

    private static BudgetDecision decision(BudgetReservation r, Response reply) {
        int refused = reply.get(0).toInteger();
        List<BudgetDecision.Spent> spent = new ArrayList<>();
        for (int i = 0; i < r.budgets().size(); i++) {
            spent.add(new BudgetDecision.Spent(r.budgets().get(i), reply.get(1 + i).toLong()));
        }
        Budget b = refused == 0 ? null : r.budgets().get(refused - 1);
        return new BudgetDecision(b, b == null ? null : MemoryBudgetLedger.untilReset(b, r), spent);
    }

    @Override
    public Future<Void> settle(BudgetReservation r, long actualMicros) {
        List<String> keys = new ArrayList<>();
        r.budgets().forEach(b -> keys.add(key(r, b)));
        return SETTLE.run(redis, keys, List.of(Long.toString(actualMicros - r.micros()))).mapEmpty();
    }

    @Override
    public Future<Void> release(BudgetReservation r) {
        return settle(r, 0);
    }
}
