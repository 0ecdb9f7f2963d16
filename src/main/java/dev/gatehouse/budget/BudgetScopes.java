package dev.gatehouse.budget;

import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.auth.Limits;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.config.LimitSettings;
import java.util.ArrayList;
import java.util.List;

/** The budgets a request falls under: its key's, its user's, its team's and the gateway's, in that order. */
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
        add(out, "global", "*", new Limits(null, null, null, null, null, global.maxBudget(),
                global.budgetDuration() == null ? null : BudgetPeriod.parse(global.budgetDuration()), global.softBudget()));
        return out;
    }

    private static void add(List<Budget> out, String scope, String id, Limits limits) {
        if (limits.maxBudget() != null) {
            out.add(new Budget(scope, id, Budget.micros(limits.maxBudget()), limits.period(), Budget.micros(limits.softThreshold())));
        }
    }
}
