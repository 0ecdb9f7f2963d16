package dev.gatehouse.budget;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert events of budgets: every decided request's spend per budget goes to the
 * {@link BudgetWatch} (the alert engine, which turns it into {@code budget.soft_limit} and
 * {@code budget.exceeded} alerts); and one log line (logger {@code dev.gatehouse.budget.alerts},
 * WARN) per budget and period the first time its spend passes the soft threshold on this instance,
 * and one per model whose prices are unknown (its requests cost nothing against budgets).
 * Thread-safe.
 */
public final class BudgetAlerts {

    private static final Logger LOG = LoggerFactory.getLogger("dev.gatehouse.budget.alerts");

    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final BudgetWatch watch;

    public BudgetAlerts() {
        this(BudgetWatch.NONE);
    }

    public BudgetAlerts(BudgetWatch watch) {
        this.watch = watch;
    }

    /** Passes each budget's counter at a decision to the watch (spend before this request's reservation). */
    void decided(BudgetDecision d, BudgetReservation r) {
        List<BudgetDecision.Spent> spent = d.spent();
        for (int i = 0; i < spent.size(); i++) {
            Budget b = spent.get(i).budget();
            boolean refused = b.equals(d.refused());
            // An admitted decision's counter holds this request's worst case; a refused one's does not.
            long before = d.admitted()
                    ? spent.get(i).nanos() - r.nanos()
                    : spent.get(i).nanos();
            watch.observed(b, r.periodStart(i), before, refused, r.at());
        }
    }

    void softLimitReached(Budget b, String counter, long spentNanos, String requestId) {
        if (sent.add("soft:" + counter)) {
            LOG.warn(
                    "{\"event\":\"budget_soft_limit\",\"scope\":\"{}\",\"id\":\"{}\",\"period\":\"{}\",\"spent_usd\":{},\"soft_usd\":{},"
                            + "\"max_usd\":{},\"request_id\":\"{}\"}",
                    b.scope(),
                    b.id(),
                    b.period().wire(),
                    Budget.dollars(spentNanos),
                    Budget.dollars(b.softNanos()),
                    Budget.dollars(b.maxNanos()),
                    requestId);
        }
    }

    void unknownPrices(String model) {
        if (sent.add("prices:" + model)) {
            LOG.warn(
                    "{\"event\":\"budget_unknown_prices\",\"model\":\"{}\",\"note\":\"requests to it are not charged against budgets; "
                            + "set prices on the deployment\"}",
                    model);
        }
    }
}
