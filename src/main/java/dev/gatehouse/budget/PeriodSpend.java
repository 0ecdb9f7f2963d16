package dev.gatehouse.budget;

import java.time.Instant;

/**
 * What a budget's scope had spent in one period, as read from the usage store.
 *
 * @param periodStart the start of the period the spend belongs to
 * @param micros the spend in micro-dollars
 */
public record PeriodSpend(Budget budget, Instant periodStart, long micros) {}
