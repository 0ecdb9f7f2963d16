package dev.gatehouse.ui;

import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.auth.Limits;
import dev.gatehouse.auth.Team;
import dev.gatehouse.auth.VirtualKey;
import dev.gatehouse.metering.UsageDimension;
import dev.gatehouse.metering.UsageQuery;
import dev.gatehouse.metering.UsageReportRow;
import dev.gatehouse.metering.UsageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Spend per team or key in its budget period, from the usage reports (whole days: the daily
 * rollups, never the records): one report per budget period kind and dimension. Blocking.
 */
final class Spend {

    private final UsageStore usage;
    private final Instant now;
    private final Map<UsageDimension, Map<BudgetPeriod, Map<String, Double>>> cache =
            new EnumMap<>(UsageDimension.class);

    Spend(UsageStore usage, Instant now) {
        this.usage = usage;
        this.now = now;
    }

    /** Dollars spent by each value of {@code dim} since the period's start (all time for total). */
    Map<String, Double> by(UsageDimension dim, BudgetPeriod period, @Nullable String teamFilter) {
        if (teamFilter != null) {
            return read(dim, period, teamFilter);
        }
        return cache.computeIfAbsent(dim, d -> new EnumMap<>(BudgetPeriod.class))
                .computeIfAbsent(period, p -> read(dim, p, null));
    }

    private Map<String, Double> read(UsageDimension dim, BudgetPeriod period, @Nullable String teamFilter) {
        Instant from = period == BudgetPeriod.TOTAL ? null : period.start(now);
        Map<UsageDimension, String> filters =
                teamFilter == null ? Map.of() : Map.of(UsageDimension.TEAM_ID, teamFilter);
        Map<String, Double> out = new HashMap<>();
        for (UsageReportRow row : usage.report(new UsageQuery(from, null, filters, List.of(dim), null))) {
            String id = row.dimensions().get(dim);
            if (id != null) {
                out.put(id, row.costUsd());
            }
        }
        return out;
    }

    BudgetBurn team(Team t) {
        double spent = by(UsageDimension.TEAM_ID, t.limits().period(), null).getOrDefault(t.id(), 0.0);
        return BudgetBurn.of("team", t.id(), t.alias(), t.limits(), spent, t.createdAt(), now);
    }

    BudgetBurn key(VirtualKey k) {
        Limits limits = k.limits();
        double spent = by(UsageDimension.KEY_ID, limits.period(), null).getOrDefault(k.id(), 0.0);
        return BudgetBurn.of("key", k.id(), k.alias(), limits, spent, k.createdAt(), now);
    }

    /** Every team's and live key's budget at or past its warning threshold, of one team or all. */
    List<BudgetBurn> nearLimit(List<Team> teams, List<VirtualKey> keys, @Nullable String team) {
        List<BudgetBurn> out = new ArrayList<>();
        for (Team t : teams) {
            if ((team == null || team.equals(t.id())) && t.limits().maxBudget() != null) {
                BudgetBurn b = team(t);
                if (b.nearLimit()) {
                    out.add(b);
                }
            }
        }
        for (VirtualKey k : keys) {
            if (!k.revoked()
                    && (team == null || team.equals(k.teamId()))
                    && k.limits().maxBudget() != null) {
                BudgetBurn b = key(k);
                if (b.nearLimit()) {
                    out.add(b);
                }
            }
        }
        out.sort((a, b) -> Double.compare(b.share(), a.share()));
        return out;
    }

    /** The total of a report for one team (or all) over {@code [from, to)}, whole days. */
    UsageReportRow total(@Nullable Instant from, @Nullable Instant to, @Nullable String team) {
        Map<UsageDimension, String> filters = team == null ? Map.of() : Map.of(UsageDimension.TEAM_ID, team);
        List<UsageReportRow> rows = usage.report(new UsageQuery(from, to, filters, List.of(), null));
        return rows.isEmpty() ? new UsageReportRow(null, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0) : rows.get(0);
    }
}
