package dev.gatehouse.budget;

import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.auth.KeyStore;
import dev.gatehouse.auth.Limits;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.config.LimitSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The budgets a request falls under (its key's, its user's, its team's and the gateway's, in that
 * order), and every budget the stored keys and the config define.
 */
public final class BudgetScopes {

    private BudgetScopes() {}

    public static List<Budget> of(Principal principal, LimitSettings global) {
        List<Budget> out = new ArrayList<>();
        add(out, "key", principal.keyId(), principal.keyLimits());
        if (principal.userId() != null) {
            add(out, "user", principal.userId(), principal.userLimits());
        }
        if (principal.teamId() != null) {
            add(out, "team", principal.teamId(), principal.teamLimits());
        }
        addGlobal(out, global);
        return out;
    }

    /**
     * Every budget that some request could fall under: those of the stored teams, users and
     * non-revoked keys, and the gateway's. Built as {@link #of} builds them, so they name the same
     * counters.
     */
    public static List<Budget> defined(KeyStore.Snapshot stored, LimitSettings global) {
        List<Budget> out = new ArrayList<>();
        stored.keys().stream().filter(k -> !k.revoked()).forEach(k -> add(out, "key", k.id(), k.limits()));
        stored.users().forEach(u -> add(out, "user", u.id(), u.limits()));
        stored.teams().forEach(t -> add(out, "team", t.id(), t.limits()));
        addGlobal(out, global);
        return out;
    }

    private static void addGlobal(List<Budget> out, LimitSettings global) {
        if (global.maxBudget() == null) {
            return;
        }
        add(
                out,
                "global",
                "*",
                new Limits(
                        null,
                        null,
                        null,
                        null,
                        null,
                        global.maxBudget(),
                        global.budgetDuration() == null ? null : BudgetPeriod.parse(global.budgetDuration()),
                        global.softBudget()));
    }

    private static void add(List<Budget> out, String scope, String id, Limits limits) {
        Double max = limits.maxBudget();
        if (max != null) {
            Double soft =
                    Objects.requireNonNull(limits.softThreshold(), "a limit with a budget always has a soft threshold");
            out.add(new Budget(scope, id, Budget.nanos(max), limits.period(), Budget.nanos(soft)));
        }
    }
}
