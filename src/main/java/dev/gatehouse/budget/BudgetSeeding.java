package dev.gatehouse.budget;

import dev.gatehouse.metering.UsageStore;
import dev.gatehouse.metering.UsageWriter;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the memory budget ledger from the usage store at start-up, so that a restart, or a crash
 * loop, does not give every dollar budget a fresh start. (With {@code state: redis} the counters
 * live in Redis and outlast the process; a counter Redis does not have is seeded when a request first
 * needs it, by {@link RedisBudgetLedger}.) It runs once, before the HTTP fronts take
 * traffic, so the stored spend and this process's own charges never overlap:
 * <ol>
 *   <li>it waits, at most {@code replayWait}, for the usage writer to store what a crashed process
 *       left in the spool; past that it goes on, and those records are not counted;</li>
 *   <li>it reads each budget's spend in its current period ({@link StoredSpend}) on a worker
 *       thread, waiting at most {@code readWait};</li>
 *   <li>it sets the ledger's counters. When the read fails or misses its deadline, every budget
 *       starts from zero in this process, with a warning. A late answer is dropped rather than
 *       applied: requests may be running by then, and their spend would be counted twice.</li>
 * </ol>
 * Budgets created or changed afterwards (admin API, config reload) start from zero in this process;
 * the next start seeds them with their scope's whole spend in the period, including what was spent
 * before the budget existed.
 */
public final class BudgetSeeding {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetSeeding.class);

    private final Vertx vertx;
    private final Duration replayWait;
    private final Duration readWait;
    private final GatewayClock clock;

    /** @param clock dates the current budget periods and times the waits */
    public BudgetSeeding(Vertx vertx, Duration replayWait, Duration readWait, GatewayClock clock) {
        this.vertx = vertx;
        this.replayWait = replayWait;
        this.readWait = readWait;
        this.clock = clock;
    }

    /**
     * Seeds {@code ledger} with the spend of {@code budgets}. Call it on an event loop, before any
     * request can reach the ledger. Completes, never fails, once the ledger is seeded or seeding was
     * given up.
     *
     * @param writer the usage writer whose spool replay to wait for, or null when usage is off
     */
    public Future<Void> seed(
            MemoryBudgetLedger ledger, List<Budget> budgets, UsageStore store, @Nullable UsageWriter writer) {
        if (budgets.isEmpty()) {
            return Future.succeededFuture();
        }
        long started = clock.nanoTime();
        return replayed(writer)
                .compose(v -> within(
                        readWait,
                        vertx.executeBlocking(() -> StoredSpend.read(store, budgets, clock.instant()), false)))
                .map(spent -> {
                    ledger.seed(spent);
                    LOG.info(
                            "budgets: {} budgets start from this period's spend in the usage store ({} with spend; {} ms)",
                            spent.size(),
                            spent.stream().filter(s -> s.nanos() > 0).count(),
                            (long) clock.millisSince(started));
                    return (Void) null;
                })
                .recover(e -> {
                    LOG.warn(
                            "budgets: cannot read this period's spend from the usage store ({}); every budget starts from zero "
                                    + "in this process: what was spent before this start does not count against budgets until a restart "
                                    + "can read it",
                            e.getMessage());
                    return Future.succeededFuture();
                });
    }

    private Future<Void> replayed(@Nullable UsageWriter writer) {
        if (writer == null) {
            return Future.succeededFuture();
        }
        return within(replayWait, Future.fromCompletionStage(writer.flushed(), vertx.getOrCreateContext()))
                .recover(e -> {
                    LOG.warn(
                            "budgets: the usage spool a previous process left is not all in the store after {} ms; "
                                    + "budgets start from the spend stored so far, without those records",
                            replayWait.toMillis());
                    return Future.succeededFuture();
                });
    }

    /** {@code work}'s outcome if it comes within {@code wait}, else a failure; a later outcome is dropped. */
    private <T> Future<T> within(Duration wait, Future<T> work) {
        Promise<T> outcome = Promise.promise();
        GatewayClock.Timer deadline = clock.schedule(
                wait,
                () -> outcome.tryFail(new TimeoutException(
                        "no answer within " + GatewayClock.atLeastOneMilli(wait).toMillis() + " ms")));
        work.onComplete(done -> {
            deadline.cancel();
            if (done.succeeded()) {
                outcome.tryComplete(done.result());
            } else {
                outcome.tryFail(done.cause());
            }
        });
        return outcome.future();
    }
}
