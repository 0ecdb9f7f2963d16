package dev.gatehouse.budget;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert events of budgets: one log line (logger {@code dev.gatehouse.budget.alerts}, WARN) per
 * budget and period the first time its spend passes the soft threshold on this instance, and one
 * per model whose prices are unknown (its requests cost nothing against budgets). Thread-safe.
 */
public final class BudgetAlerts {

    private static final Logger LOG = LoggerFactory.getLogger("dev.gatehouse.budget.alerts");

    private final Set<String> sent = ConcurrentHashMap.newKeySet();

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
