package dev.gatehouse.auth;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

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

    /** The start of the period holding {@code now}; for {@code total} the epoch. */
    public Instant start(Instant now) {
        LocalDate date = now.atZone(ZoneOffset.UTC).toLocalDate();
        return switch (this) {
            case DAY -> date.atStartOfDay(ZoneOffset.UTC).toInstant();
            case WEEK ->
                date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            case MONTH -> date.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
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
