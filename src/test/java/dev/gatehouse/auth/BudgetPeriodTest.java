package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Calendar periods in UTC: where each starts, at and around its boundaries. */
class BudgetPeriodTest {

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void aDayStartsAtMidnightUtc() {
        assertThat(BudgetPeriod.DAY.start(at("2026-12-05T23:59:59.999Z"))).isEqualTo(at("2026-12-05T00:00:00Z"));
        assertThat(BudgetPeriod.DAY.start(at("2026-12-06T00:00:00Z"))).isEqualTo(at("2026-12-06T00:00:00Z"));
        assertThat(BudgetPeriod.DAY.start(at("1969-12-31T12:00:00Z"))).isEqualTo(at("1969-12-31T00:00:00Z"));
    }

    @Test
    void aWeekStartsOnMonday() {
        // 2026-11-30 is a Monday, 2026-12-06 the Sunday after it.
        assertThat(BudgetPeriod.WEEK.start(at("2026-11-30T00:00:00Z"))).isEqualTo(at("2026-11-30T00:00:00Z"));
        assertThat(BudgetPeriod.WEEK.start(at("2026-12-06T23:59:59Z"))).isEqualTo(at("2026-11-30T00:00:00Z"));
        assertThat(BudgetPeriod.WEEK.start(at("2026-12-07T00:00:01Z"))).isEqualTo(at("2026-12-07T00:00:00Z"));
        // The epoch was a Thursday: its week began in 1969.
        assertThat(BudgetPeriod.WEEK.start(at("1970-01-01T00:00:00Z"))).isEqualTo(at("1969-12-29T00:00:00Z"));
    }

    @Test
    void aMonthStartsOnTheFirst() {
        assertThat(BudgetPeriod.MONTH.start(at("2024-02-29T18:00:00Z"))).isEqualTo(at("2024-02-01T00:00:00Z"));
        assertThat(BudgetPeriod.MONTH.start(at("2026-12-31T23:59:59Z"))).isEqualTo(at("2026-12-01T00:00:00Z"));
        assertThat(BudgetPeriod.MONTH.end(at("2026-12-31T23:59:59Z"))).isEqualTo(at("2027-01-01T00:00:00Z"));
    }

    @Test
    void totalNeverResets() {
        assertThat(BudgetPeriod.TOTAL.start(at("2026-12-05T10:00:00Z"))).isEqualTo(Instant.EPOCH);
    }
}
