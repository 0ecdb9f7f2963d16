package dev.gatehouse.budget;

import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.metering.UsageDimension;
import dev.gatehouse.metering.UsageQuery;
import dev.gatehouse.metering.UsageReportRow;
import dev.gatehouse.metering.UsageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the usage store says each budget's scope spent in the period current at {@code now}: the
 * start-up seed of {@link MemoryBudgetLedger}. It runs one grouped report per scope and period kind
 * in use (for instance keys per day and the gateway per month), not one per budget. Every period
 * starts at a UTC midnight, so the report covers whole days and the store answers it from its daily
 * rollups without reading the records.
 *
 * <p>Requests whose model had no price are not in the sums, as they are not in the ledger. Blocks
 * (JDBC): call it on a worker thread, never an event loop.
 */
public final class StoredSpend {

    private StoredSpend() {}

    private record Group(String scope, BudgetPeriod period) {}

    /** The spend of every budget in {@code budgets} (zero when the store has none), in their order. */
    public static List<PeriodSpend> read(UsageStore store, List<Budget> budgets, Instant now) {
        Map<Group, Map<String, Double>> dollarsById = new HashMap<>();
        List<PeriodSpend> out = new ArrayList<>(budgets.size());
        for (Budget b : budgets) {
            Instant start = b.period().start(now);
            Map<String, Double> dollars = dollarsById.computeIfAbsent(
                    new Group(b.scope(), b.period()), g -> spentPerId(store, g.scope(), start));
            out.add(new PeriodSpend(b, start, Budget.nanos(dollars.getOrDefault(b.id(), 0.0))));
        }
        return out;
    }

    /**
     * One budget's spend in the period current at {@code now}, read with a filter on its scope's id,
     * so the store reads that scope's rollups only: for one counter found missing at run time, where
     * {@link #read} would sum every key (or user, or team) to keep one.
     */
    public static PeriodSpend of(UsageStore store, Budget budget, Instant now) {
        Instant start = budget.period().start(now);
        UsageDimension dimension = dimension(budget.scope());
        Map<UsageDimension, String> filter = dimension == null ? Map.of() : Map.of(dimension, budget.id());
        double dollars = 0;
        for (UsageReportRow row : store.report(new UsageQuery(start, null, filter, List.of(), null))) {
            dollars += row.costUsd();
        }
        return new PeriodSpend(budget, start, Budget.nanos(dollars));
    }

    private static Map<String, Double> spentPerId(UsageStore store, String scope, Instant from) {
        UsageDimension dimension = dimension(scope);
        List<UsageDimension> groupBy = dimension == null ? List.of() : List.of(dimension);
        Map<String, Double> out = new HashMap<>();
        for (UsageReportRow row : store.report(new UsageQuery(from, null, Map.of(), groupBy, null))) {
            String id = dimension == null ? "*" : row.dimensions().get(dimension);
            if (id != null) {
                out.put(id, row.costUsd());
            }
        }
        return out;
    }

    /** The usage records' column for a budget scope; none for the gateway, whose budget covers every record. */
    private static @Nullable UsageDimension dimension(String scope) {
        return switch (scope) {
            case "key" -> UsageDimension.KEY_ID;
            case "user" -> UsageDimension.USER_ID;
            case "team" -> UsageDimension.TEAM_ID;
            case "global" -> null;
            default -> throw new IllegalArgumentException("unknown budget scope '" + scope + "'");
        };
    }
}
