package dev.gatehouse.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.metering.UsageQuery;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.metering.UsageReportRow;
import dev.gatehouse.metering.UsageStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link StoredSpend}, the start-up seed of the memory ledger, against each usage store: every
 * budget gets its scope's spend in the period current now, from one report per scope and period kind.
 */
abstract class StoredSpendContract {

    /** A Wednesday: its week began on Monday the 23rd, its month on the 1st. */
    private static final Instant NOW = Instant.parse("2026-11-25T23:00:00Z");

    /** A usage store on a fresh, empty, migrated database. */
    protected abstract UsageStore store();

    static UsageRecord spent(String id, String at, String key, String user, String team, Double usd) {
        return UsageRecord.builder()
                .requestId(id)
                .timeMs(Instant.parse(at).toEpochMilli())
                .keyId(key)
                .userId(user)
                .teamId(team)
                .tags(List.of())
                .publicModel("gpt-4o")
                .provider("openai")
                .deployment("openai/gpt-4o")
                .inputTokens(10)
                .outputTokens(5)
                .costUsd(usd)
                .latencyMs(12.5)
                .ttftMs(3.0)
                .status(200)
                .attempts(1)
                .build();
    }

    private static Budget budget(String scope, String id, BudgetPeriod period) {
        return new Budget(scope, id, Budget.nanos(1000), period, Budget.nanos(800));
    }

    /** Counts the reports run, to show budgets of one scope and period share a query. */
    private record CountingStore(UsageStore store, AtomicInteger reports) implements UsageStore {
        @Override
        public int insert(List<UsageRecord> records) {
            return store.insert(records);
        }

        @Override
        public List<UsageReportRow> report(UsageQuery query) {
            reports.incrementAndGet();
            return store.report(query);
        }

        @Override
        public UsageRecord find(String requestId) {
            return store.find(requestId);
        }

        @Override
        public long count() {
            return store.count();
        }
    }

    @Test
    void eachBudgetGetsItsScopesPricedSpendInItsCurrentPeriod() {
        UsageStore store = store();
        store.insert(List.of(
                spent("last-month", "2026-10-31T23:59:59Z", "k1", "u1", "t1", 1.0),
                spent("last-week", "2026-11-02T10:00:00Z", "k1", "u1", "t1", 2.0),
                spent("monday-midnight", "2026-11-23T00:00:00Z", "k1", "u1", "t1", 4.0),
                spent("today-midnight", "2026-11-25T00:00:00Z", "k1", "u1", "t1", 8.0),
                spent("today-other-key", "2026-11-25T12:00:00Z", "k2", null, "t1", 16.0),
                spent("today-unpriced", "2026-11-25T13:00:00Z", "k1", "u1", "t1", null),
                spent("today-other-team", "2026-11-25T14:00:00Z", "k3", "u2", "t2", 64.0)));
        List<Budget> budgets = List.of(
                budget("key", "k1", BudgetPeriod.DAY),
                budget("key", "k1", BudgetPeriod.WEEK),
                budget("key", "k1", BudgetPeriod.MONTH),
                budget("key", "k1", BudgetPeriod.TOTAL),
                budget("key", "k2", BudgetPeriod.DAY),
                budget("key", "never-used", BudgetPeriod.MONTH),
                budget("user", "u1", BudgetPeriod.WEEK),
                budget("team", "t1", BudgetPeriod.MONTH),
                budget("global", "*", BudgetPeriod.DAY),
                budget("global", "*", BudgetPeriod.TOTAL));
        AtomicInteger reports = new AtomicInteger();

        List<PeriodSpend> spend = StoredSpend.read(new CountingStore(store, reports), budgets, NOW);

        assertThat(spend).extracting(PeriodSpend::budget).containsExactlyElementsOf(budgets);
        assertThat(spend)
                .extracting(PeriodSpend::nanos)
                .containsExactly(
                        8_000_000_000L,
                        12_000_000_000L,
                        14_000_000_000L,
                        15_000_000_000L,
                        16_000_000_000L,
                        0L,
                        12_000_000_000L,
                        30_000_000_000L,
                        88_000_000_000L,
                        95_000_000_000L);
        assertThat(spend)
                .extracting(s -> s.periodStart().toString())
                .containsExactly(
                        "2026-11-25T00:00:00Z",
                        "2026-11-23T00:00:00Z",
                        "2026-11-01T00:00:00Z",
                        "1970-01-01T00:00:00Z",
                        "2026-11-25T00:00:00Z",
                        "2026-11-01T00:00:00Z",
                        "2026-11-23T00:00:00Z",
                        "2026-11-01T00:00:00Z",
                        "2026-11-25T00:00:00Z",
                        "1970-01-01T00:00:00Z");
        assertThat(reports.get()).as("one report per scope and period kind").isEqualTo(8);
        assertThat(budgets)
                .as("read one at a time, for a counter found missing")
                .extracting(b -> StoredSpend.of(store, b, NOW))
                .containsExactlyElementsOf(spend);
    }

    @Test
    void anEmptyStoreLeavesEveryBudgetAtZero() {
        List<PeriodSpend> spend = StoredSpend.read(
                store(),
                List.of(budget("key", "k1", BudgetPeriod.DAY), budget("global", "*", BudgetPeriod.MONTH)),
                NOW);

        assertThat(spend).extracting(PeriodSpend::nanos).containsExactly(0L, 0L);
    }
}
