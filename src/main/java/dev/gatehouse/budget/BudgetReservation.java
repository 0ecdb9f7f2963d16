package dev.gatehouse.budget;

import java.time.Instant;
import java.util.List;

/**
 * A request's worst-case cost held against every budget it falls under, in the periods current at
 * {@code at} (a request that ends after midnight still settles into the day it started in).
 *
 * @param budgets in the order refusals are reported (key first)
 * @param nanos the worst-case cost in nano-dollars
 */
public record BudgetReservation(List<Budget> budgets, long nanos, Instant at) {

    public BudgetReservation {
        budgets = List.copyOf(budgets);
    }

    String counter(Budget b) {
        return b.counter(b.period().start(at).toEpochMilli());
    }
}
