package dev.gatehouse.auth;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * How often a dollar budget starts again. Periods are calendar periods in UTC (a day starts at
 * midnight, a week on Monday, a month on the 1st), so every gateway instance agrees on which
 * period a request falls in without sharing any state. {@code total} never resets.
 */
public enum BudgetPeriod {
    DAY("day"),
    WEEK("week"),
    MONTH("month"),
    TOTAL("total");

    private static final long SECONDS_PER_DAY = 86_400;

    private final String wire;

    BudgetPeriod(String wire) {
        this.wire = wire;
    }

    /** The name used in the admin API and config ({@code budget_duration}). */
    public String wire() {
        return wire;
    }

    /** The period named {@code wire}, accepting LiteLLM's shorthands {@code 1d}, {@code 7d}, {@code 30d}, {@code 1mo}. */
    public static BudgetPeriod parse(String wire) {
        return switch (wire) {
            case "day", "daily", "1d", "24h" -> DAY;
            case "week", "weekly", "7d", "1w" -> WEEK;
            case "month", "monthly", "30d", "1mo" -> MONTH;
            case "total", "lifetime" -> TOTAL;
            default ->
                throw new IllegalArgumentException(
                        "budget_duration must be day, week, month or total, not '" + wire + "'");
        };
    }

    /**
     * The start of the period holding {@code now}; for {@code total} the epoch. Day arithmetic on
     * the epoch rather than {@code atZone(UTC)}: every request asks once per budget, and each
     * {@code atZone} builds a new {@code ZoneRules} (issue #20).
     */
    public Instant start(Instant now) {
        long day = Math.floorDiv(now.getEpochSecond(), SECONDS_PER_DAY);
        return switch (this) {
            case DAY -> Instant.ofEpochSecond(day * SECONDS_PER_DAY);
            // 1970-01-01 was a Thursday: day + 3 counts from the Monday before it.
            case WEEK -> Instant.ofEpochSecond((day - Math.floorMod(day + 3, 7)) * SECONDS_PER_DAY);
            case MONTH ->
                Instant.ofEpochSecond(
                        LocalDate.ofEpochDay(day).withDayOfMonth(1).toEpochDay() * SECONDS_PER_DAY);
            case TOTAL -> Instant.EPOCH;
        };
    }

    /** When the period holding {@code now} ends; for {@code total} far in the future. */
    public Instant end(Instant now) {
        Instant start = start(now);
        return switch (this) {
            case DAY -> start.plus(1, ChronoUnit.DAYS);
            case WEEK -> start.plus(7, ChronoUnit.DAYS);
            case MONTH -> start.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
            case TOTAL -> Instant.parse("9999-01-01T00:00:00Z");
        };
    }
}
