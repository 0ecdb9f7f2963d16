package dev.gatehouse.budget;

import java.time.Instant;

/**
 * Told what each budget's counter held when a request was decided, so alerts can compare spend
 * with limits without reading the ledger. Called on the request's event loop, once per budget the
 * request falls under: it must be O(1) and never block.
 */
@FunctionalInterface
public interface BudgetWatch {

    BudgetWatch NONE = (budget, periodStart, spentNanos, refused, at) -> {};

    /**
     * @param periodStart the start of the budget period the counter belongs to
     * @param spentNanos spent before this request (settled spend plus other requests in flight)
     * @param refused whether this budget refused the request (its worst case would pass the cap)
     */
    void observed(Budget budget, Instant periodStart, long spentNanos, boolean refused, Instant at);
}
