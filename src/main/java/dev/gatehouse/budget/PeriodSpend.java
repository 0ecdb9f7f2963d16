package dev.gatehouse.budget;

import java.time.Instant;

/**
 * What a budget's scope had spent in one period, as read from the usage store.
 *
 * @param periodStart the start of the period the spend belongs to
 * @param nanos the spend in nano-dollars
 */
public record PeriodSpend(Budget budget, Instant periodStart, long nanos) {}
