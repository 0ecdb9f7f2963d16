package dev.gatehouse.budget;

import dev.gatehouse.auth.BudgetPeriod;
import java.math.BigDecimal;

/**
 * One scope's dollar budget, in nano-dollars (billionths of a US dollar) so counters add exactly.
 *
 * @param scope {@code key}, {@code user}, {@code team} or {@code global}
 * @param id the key, user or team id ({@code *} for global)
 * @param maxNanos the hard cap per period
 * @param softNanos the spend after which answers carry a warning
 */
public record Budget(String scope, String id, long maxNanos, BudgetPeriod period, long softNanos) {

    /** Nano-dollars in a dollar. */
    static final long PER_DOLLAR = 1_000_000_000L;

    /**
     * The most any amount may be: about 2.3 billion dollars, a quarter of what a long holds, so a
     * counter plus a reservation never overflows. Larger budgets mean "no practical cap".
     */
    static final long MAX_NANOS = Long.MAX_VALUE / 4;

    /** Dollars to the nearest nano-dollar, at most {@link #MAX_NANOS}. */
    public static long nanos(double dollars) {
        return Math.min(MAX_NANOS, Math.round(dollars * PER_DOLLAR));
    }

    public static double dollars(long nanos) {
        return nanos / (double) PER_DOLLAR;
    }

    /** Exact dollars (trailing zeros dropped, at least two decimals), for messages and headers. */
    public static String usd(long nanos) {
        BigDecimal exact = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
        return exact.scale() < 2 ? exact.setScale(2).toPlainString() : exact.toPlainString();
    }

    /** The counter's identity for the period starting at {@code periodStartMillis}, the same on every instance. */
    String counter(long periodStartMillis) {
        return scope + ":" + id + ":" + period.wire() + ":" + periodStartMillis;
    }
}
