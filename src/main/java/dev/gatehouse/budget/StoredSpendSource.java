package dev.gatehouse.budget;

import dev.gatehouse.metering.UsageStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SpendSource} reading the usage store ({@link StoredSpend#of}, one budget's own rollups) on a
 * worker thread. A read that
 * fails or takes longer than {@code readWait} counts as zero, with a warning: the same rule as
 * start-up seeding, so a store that is down as well cannot stall every request of a budget. Records
 * still in this instance's spool (at most about one flush interval's worth, more if the store was
 * down) are not in the store yet and so not in the spend.
 */
public final class StoredSpendSource implements SpendSource {

    private static final Logger LOG = LoggerFactory.getLogger(StoredSpendSource.class);

    private final Vertx vertx;
    private final UsageStore store;
    private final Duration readWait;

    public StoredSpendSource(Vertx vertx, UsageStore store, Duration readWait) {
        this.vertx = vertx;
        this.store = store;
        this.readWait = readWait;
    }

    @Override
    public Future<List<PeriodSpend>> spent(List<Budget> budgets, Instant at) {
        return vertx.executeBlocking(
                        () -> budgets.stream()
                                .map(b -> StoredSpend.of(store, b, at))
                                .toList(),
                        false)
                .timeout(Math.max(1, readWait.toMillis()), TimeUnit.MILLISECONDS)
                .recover(e -> {
                    LOG.warn(
                            "budgets: cannot read the spend of {} from the usage store ({}); their counters in Redis, which were "
                                    + "missing, start again from zero",
                            budgets.stream().map(b -> b.scope() + " " + b.id()).toList(),
                            e.toString());
                    return NOTHING.spent(budgets, at);
                });
    }
}
