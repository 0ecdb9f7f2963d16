package dev.gatehouse.budget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.redis.HashTag;
import dev.gatehouse.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BudgetLedger} in Redis, shared by every instance: integer nano-dollar counters changed by
 * atomic Lua scripts. Keys carry the {@code {gh}} hash tag (the same Cluster slot as the rate
 * limits) so one script may touch every scope. A period's counter expires a day after the period
 * ends; a total budget's counter is kept. Settling a counter that expired (the period ended long
 * ago) is skipped rather than recreating it.
 *
 * <p>A counter that does not exist is never taken for zero spend: Redis may have lost its data, or
 * never held it (a new Redis in front of an old usage store). The reserve script then changes
 * nothing and names the missing counters; the ledger reads their spend from the {@link SpendSource}
 * (off the event loop), creates each counter with it unless another request or instance created it
 * meanwhile, and runs the script again. Requests on this instance that find the same counter missing
 * wait for that one seeding. The event loop never waits for the store; a request that meets a
 * missing counter waits for the read.
 */
public final class RedisBudgetLedger implements BudgetLedger {

    /**
     * Version 2 counts nano-dollars; version 1 counted micro-dollars. New names, so a counter of
     * either unit is never read as the other (an old instance during an upgrade keeps its own).
     */
    static final String PREFIX = HashTag.prefix("bg", 2);

    private static final Logger LOG = LoggerFactory.getLogger(RedisBudgetLedger.class);
    private static final RedisScript RESERVE = RedisScript.load("/dev/gatehouse/budget/reserve-v3.lua");
    private static final RedisScript SETTLE = RedisScript.load("/dev/gatehouse/budget/settle-v2.lua");
    /** What the reserve script answers first when counters are missing. */
    private static final int MISSING = -1;
    /** Seed and retry at most this often: counters that vanish again at once mean Redis is failing. */
    private static final int ATTEMPTS = 3;

    private final Redis redis;
    private final String namespace;
    private final SpendSource spend;
    private final Map<String, Future<Void>> seeding = new ConcurrentHashMap<>();
    /** Counts finished seedings, so a reply can tell whether its counter was seeded after it was sent. */
    private final AtomicLong seedings = new AtomicLong();
    /**
     * When (in {@link #seedings}) each counter was last seeded here. A reservation whose script ran
     * before that seeding wrote the counter, but whose answer came after the seeding finished, only
     * needs to run again, not to read the store again. Kept a minute: far longer than a script takes.
     */
    private final Cache<String, Long> seededAt =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).build();

    /**
     * @param namespace put in front of every key, before the hash tag ({@code StateSettings.keyPrefix()};
     *     "" keeps the key names of versions without a namespace)
     * @param spend where a missing counter's spend comes from
     */
    public RedisBudgetLedger(Redis redis, String namespace, SpendSource spend) {
        this.redis = redis;
        this.namespace = namespace;
        this.spend = spend;
    }

    private String key(BudgetReservation r, int i) {
        return namespace + PREFIX + r.counter(i);
    }

    private static long ttlMillis(BudgetReservation r, Budget b) {
        return b.period() == BudgetPeriod.TOTAL
                ? 0
                : Duration.between(r.at(), b.period().end(r.at()))
                        .plus(Duration.ofDays(1))
                        .toMillis();
    }

    @Override
    public Future<BudgetDecision> reserve(BudgetReservation r) {
        return reserve(r, 1);
    }

    private Future<BudgetDecision> reserve(BudgetReservation r, int attempt) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(Long.toString(r.nanos())));
        for (int i = 0; i < r.budgets().size(); i++) {
            Budget b = r.budgets().get(i);
            keys.add(key(r, i));
            // The script compares counter + amount with this cap: asking headroom lowers it.
            args.add(Long.toString(b.maxNanos() - r.headroomNanos()));
            args.add(Long.toString(ttlMillis(r, b)));
        }
        long sent = seedings.get();
        return RESERVE.run(redis, keys, args).compose(reply -> {
            if (reply.get(0).toInteger() != MISSING) {
                return Future.succeededFuture(decision(r, reply));
            }
            if (attempt == ATTEMPTS) {
                return Future.failedFuture(new IllegalStateException(
                        "budget counters went missing from Redis again right after they were seeded, " + ATTEMPTS
                                + " times"));
            }
            List<Integer> missing = new ArrayList<>();
            for (int i = 1; i < reply.size(); i++) {
                missing.add(reply.get(i).toInteger() - 1);
            }
            return seed(r, missing, sent).compose(v -> reserve(r, attempt + 1));
        });
    }

    /**
     * Seeds every missing counter, each at most once at a time on this instance, skipping those
     * seeded here since {@code sent} (the {@link #seedings} reading taken before the script ran).
     */
    private Future<Void> seed(BudgetReservation r, List<Integer> missing, long sent) {
        List<Future<Void>> all = new ArrayList<>();
        for (int i : missing) {
            Budget b = r.budgets().get(i);
            String key = key(r, i);
            Long seeded = seededAt.getIfPresent(key);
            if (seeded != null && seeded > sent) {
                continue;
            }
            Promise<Void> mine = Promise.promise();
            Future<Void> running = seeding.putIfAbsent(key, mine.future());
            if (running != null) {
                all.add(running);
                continue;
            }
            seedOne(r, b, key).onComplete(done -> {
                if (done.succeeded()) {
                    seededAt.put(key, seedings.incrementAndGet());
                }
                seeding.remove(key, mine.future());
                mine.handle(done);
            });
            all.add(mine.future());
        }
        return Future.all(all).mapEmpty();
    }

    private Future<Void> seedOne(BudgetReservation r, Budget b, String key) {
        return spend.spent(List.of(b), r.at()).compose(spent -> {
            long nanos = spent.get(0).nanos();
            // NX: a request on another instance may have seeded and charged it meanwhile.
            Request set = Request.cmd(Command.SET).arg(key).arg(nanos).arg("NX");
            long ttl = ttlMillis(r, b);
            if (ttl > 0) {
                set.arg("PX").arg(ttl);
            }
            return redis.send(set).map(created -> {
                if (created != null && nanos > 0) {
                    LOG.info(
                            "budgets: the Redis counter of {} {} ({} from {}) was missing; it starts again from the {} USD "
                                    + "the usage store holds",
                            b.scope(),
                            b.id(),
                            b.period().wire(),
                            spent.get(0).periodStart(),
                            Budget.dollars(nanos));
                }
                return null;
            });
        });
    }

    private static BudgetDecision decision(BudgetReservation r, Response reply) {
        int refused = reply.get(0).toInteger();
        List<BudgetDecision.Spent> spent = new ArrayList<>();
        for (int i = 0; i < r.budgets().size(); i++) {
            spent.add(new BudgetDecision.Spent(
                    r.budgets().get(i), reply.get(1 + i).toLong()));
        }
        Budget b = refused == 0 ? null : r.budgets().get(refused - 1);
        return new BudgetDecision(b, b == null ? null : MemoryBudgetLedger.untilReset(b, r), spent);
    }

    @Override
    public Future<Void> settle(BudgetReservation r, long actualNanos) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < r.budgets().size(); i++) {
            keys.add(key(r, i));
        }
        return SETTLE.run(redis, keys, List.of(Long.toString(actualNanos - r.nanos())))
                .mapEmpty();
    }

    @Override
    public Future<Void> release(BudgetReservation r) {
        return settle(r, 0);
    }
}
