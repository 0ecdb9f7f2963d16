package dev.gatehouse.budget;

import dev.gatehouse.auth.BudgetPeriod;

/**
 * One scope's dollar budget, in micro-dollars (millionths of a US dollar) so counters add exactly.
 *
 * @param scope {@code key}, {@code user}, {@code team} or {@code global}
 * @param id the key, user or team id ({@code *} for global)
 * @param maxMicros the hard cap per period
 * @param softMicros the spend after which answers carry a warning
 */
public record Budget(String scope, String id, long maxMicros, BudgetPeriod period, long softMicros) {

    public static long micros(double dollars) {
        return Math.round(dollars * 1_000_000);
    }

    public static double dollars(long micros) {
        return micros / 1_000_000.0;
    }

    /** The counter's identity for the period starting at {@code periodStartMillis}, the same on every instance. */
    String counter(long periodStartMillis) {
        return scope + ":" + id + ":" + period.wire() + ":" + periodStartMillis;
    }
}
