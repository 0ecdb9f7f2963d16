package dev.gatehouse.budget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.redis.RedisHealth;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger an instance falls back to while Redis is unreachable under
 * {@code budgets_on_redis_failure: share}: each budget may spend here only this instance's share of
 * what it had left, so that N instances together stay within it.
 *
 * <p>What a budget had left is its cap minus the larger of two readings of its spend: the counter
 * this instance last read from Redis plus what it spent locally that Redis was not told of yet, and
 * the spend the usage store holds for the period (read once per budget and outage, off the event
 * loop; it also holds what other instances recorded, during the outage too). The share is that
 * divided by the instance count ({@code state.instances}, else the live instances last counted in
 * Redis). With no count (this instance never reached Redis) a budgeted request gets 503.
 *
 * <p>Shares belong to one outage: the first Redis answer afterwards ({@link #observe}) drops them and
 * the next outage works them out again. What was spent here is owed to the Redis counters until
 * {@link FailoverBudgetLedger} repays it ({@link #takeOwed}), so the shared counters count the
 * outage's spend once Redis is back. Called on event loops; never blocks. Thread-safe.
 */
public final class OutageShareLedger implements BudgetLedger {

    /** A refusal here is of this instance's share, not of the budget: ask again soon, Redis may be back. */
    static final Duration RETRY_DURING_OUTAGE = Duration.ofSeconds(30);
    /** Counter readings older than this are of finished periods or unused budgets: the usage store knows them. */
    private static final Duration FORGET_READINGS_AFTER = Duration.ofDays(2);

    private static final Logger LOG = LoggerFactory.getLogger(OutageShareLedger.class);

    /** Money spent here while Redis was away that its counter does not hold yet. */
    record Debt(Budget budget, Instant at, long nanos) {

        /** A reservation of nothing against the counter the spend belongs to: settling it at the debt adds the debt. */
        BudgetReservation reservation() {
            return new BudgetReservation(List.of(budget), 0, at);
        }
    }

    /** One budget's share in this outage; guarded by the ledger. */
    private static final class Share {
        final long basis;
        final long cap;
        long used;

        Share(long basis, long cap) {
            this.basis = basis;
            this.cap = cap;
        }
    }

    private final SpendSource stored;
    private final IntSupplier instances;
    private final Cache<String, Long> lastSeen;
    private final Map<String, Share> shares = new HashMap<>();
    private final Map<BudgetReservation, List<Share>> inFlight = new IdentityHashMap<>();
    private final Map<String, Debt> owed = new HashMap<>();
    private final Map<String, Future<Void>> working = new ConcurrentHashMap<>();
    private volatile boolean outage;
    private volatile boolean owing;

    /**
     * @param stored the usage store's spend per budget
     * @param instances how many instances share the budgets; below 1 when not known
     */
    public OutageShareLedger(SpendSource stored, IntSupplier instances, GatewayClock clock) {
        this.stored = stored;
        this.instances = instances;
        this.lastSeen = Caffeine.newBuilder()
                .expireAfterWrite(FORGET_READINGS_AFTER)
                .ticker(clock::nanoTime)
                .build();
    }

    /** Records the counters Redis answered with; the first answer after an outage ends its shares. */
    void observe(BudgetReservation r, BudgetDecision d) {
        d.spent().forEach(s -> lastSeen.put(r.counter(s.budget()), s.nanos()));
        if (outage) {
            synchronized (this) {
                outage = false;
                shares.clear();
            }
        }
    }

    @Override
    public Future<BudgetDecision> reserve(BudgetReservation r) {
        int n = instances.getAsInt();
        if (n < 1) {
            return Future.failedFuture(RedisHealth.budgetsUnavailable());
        }
        outage = true;
        return shares(r, n).map(v -> decide(r));
    }

    /** Works out the share of every budget of {@code r} that has none yet, each once at a time. */
    private Future<Void> shares(BudgetReservation r, int n) {
        List<Future<Void>> all = new ArrayList<>();
        for (Budget b : r.budgets()) {
            String counter = r.counter(b);
            synchronized (this) {
                if (shares.containsKey(counter)) {
                    continue;
                }
            }
            Promise<Void> mine = Promise.promise();
            Future<Void> running = working.putIfAbsent(counter, mine.future());
            if (running != null) {
                all.add(running);
                continue;
            }
            stored.spent(List.of(b), r.at()).onComplete(read -> {
                if (read.succeeded()) {
                    share(counter, b, read.result().get(0).nanos(), n);
                }
                working.remove(counter, mine.future());
                mine.handle(read.mapEmpty());
            });
            all.add(mine.future());
        }
        return Future.all(all).mapEmpty();
    }

    private synchronized void share(String counter, Budget b, long storedNanos, int n) {
        if (shares.containsKey(counter)) {
            return;
        }
        Long seen = lastSeen.getIfPresent(counter);
        Debt debt = owed.get(counter);
        long known = (seen == null ? 0 : seen) + (debt == null ? 0 : debt.nanos());
        long basis = Math.max(known, storedNanos);
        long cap = Math.max(0, b.maxNanos() - basis) / n;
        shares.put(counter, new Share(basis, cap));
        LOG.warn(
                "{\"event\":\"budget_share\",\"scope\":\"{}\",\"id\":\"{}\",\"spent_usd\":{},\"share_usd\":{},\"instances\":{}}",
                b.scope(),
                b.id(),
                Budget.dollars(basis),
                Budget.dollars(cap),
                n);
    }

    private synchronized BudgetDecision decide(BudgetReservation r) {
        List<Share> mine = new ArrayList<>();
        Budget refused = null;
        for (Budget b : r.budgets()) {
            Share s = shares.get(r.counter(b));
            if (s == null) {
                // Redis answered meanwhile and ended the outage's shares: the client may try again at once.
                throw RedisHealth.budgetsUnavailable();
            }
            mine.add(s);
            if (refused == null && s.used + r.nanos() + r.headroomNanos() > s.cap) {
                refused = b;
            }
        }
        if (refused == null) {
            mine.forEach(s -> s.used += r.nanos());
            inFlight.put(r, mine);
        }
        List<BudgetDecision.Spent> spent = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) {
            spent.add(new BudgetDecision.Spent(r.budgets().get(i), mine.get(i).basis + mine.get(i).used));
        }
        return new BudgetDecision(refused, retryAfter(refused, r), spent);
    }

    private static @Nullable Duration retryAfter(@Nullable Budget refused, BudgetReservation r) {
        if (refused == null) {
            return null;
        }
        Duration untilReset = MemoryBudgetLedger.untilReset(refused, r);
        return untilReset.compareTo(RETRY_DURING_OUTAGE) < 0 ? untilReset : RETRY_DURING_OUTAGE;
    }

    @Override
    public synchronized Future<Void> settle(BudgetReservation r, long actualNanos) {
        List<Share> mine = inFlight.remove(r);
        if (mine == null) {
            return Future.succeededFuture();
        }
        for (int i = 0; i < mine.size(); i++) {
            mine.get(i).used += actualNanos - r.nanos();
            if (actualNanos > 0) {
                Budget b = r.budgets().get(i);
                owe(r.counter(b), new Debt(b, r.at(), actualNanos));
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> release(BudgetReservation r) {
        return settle(r, 0);
    }

    private void owe(String counter, Debt debt) {
        owing = true;
        owed.merge(counter, debt, (a, b) -> new Debt(a.budget(), a.at(), a.nanos() + b.nanos()));
    }

    /** Whether Redis's counters are owed anything (read on every request, so without the lock). */
    boolean owes() {
        return owing;
    }

    /** Hands over what Redis's counters are owed; each is then {@link #repaid} or {@link #unpaid}. */
    synchronized List<Debt> takeOwed() {
        owing = false;
        List<Debt> out = new ArrayList<>(owed.values());
        owed.clear();
        return out;
    }

    /** The debt reached its Redis counter: the reading of that counter holds it now. */
    void repaid(Debt d) {
        lastSeen.asMap().computeIfPresent(d.reservation().counter(d.budget()), (c, nanos) -> nanos + d.nanos());
    }

    synchronized void unpaid(Debt d) {
        owe(d.reservation().counter(d.budget()), d);
    }
}
