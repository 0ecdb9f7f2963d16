package dev.gatehouse.alerts;

import dev.gatehouse.budget.Budget;
import dev.gatehouse.config.AlertRule;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.routing.CircuitBreaker;
import dev.gatehouse.routing.DeploymentInventory;
import dev.gatehouse.routing.DeploymentRegistry;
import dev.gatehouse.routing.DeploymentStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Evaluates one rule against the signals: every subject whose condition holds now becomes a
 * {@link Finding}. Pure reads of the signals; runs on the engine's event loop, never on a request's.
 */
final class RuleChecks {

    private final BudgetSignals budgets;
    private final RequestSignals requests;
    private final DeploymentSignals deployments;
    private final DeploymentRegistry registry;
    private final LongSupplier backlog;

    RuleChecks(
            BudgetSignals budgets,
            RequestSignals requests,
            DeploymentSignals deployments,
            DeploymentRegistry registry,
            LongSupplier backlog) {
        this.budgets = budgets;
        this.requests = requests;
        this.deployments = deployments;
        this.registry = registry;
        this.backlog = backlog;
    }

    List<Finding> check(AlertRule rule, GatewayConfig config, Instant now) {
        return switch (rule.event()) {
            case BUDGET_SOFT_LIMIT, BUDGET_EXCEEDED -> budget(rule, now);
            case DEPLOYMENT_ERROR_SPIKE -> errorSpike(rule, now);
            case DEPLOYMENT_LATENCY_SPIKE -> latencySpike(rule, now);
            case DEPLOYMENT_CIRCUIT_OPEN -> circuitOpen(rule);
            case MODEL_UNAVAILABLE -> modelUnavailable(rule, config);
            case COST_ANOMALY -> costAnomaly(rule, now);
            case USAGE_BACKLOG -> backlog(rule);
        };
    }

    private List<Finding> budget(AlertRule rule, Instant now) {
        boolean hard = rule.event() == dev.gatehouse.config.AlertEvent.BUDGET_EXCEEDED;
        List<Finding> out = new ArrayList<>();
        for (BudgetSignals.Seen s : budgets.current(now)) {
            Budget b = s.budget();
            if (!rule.scopes().contains(b.scope())) {
                continue;
            }
            long limit = rule.threshold() == null
                    ? (hard ? b.maxNanos() : b.softNanos())
                    : Math.round(b.maxNanos() * rule.threshold());
            boolean holds = s.spentNanos() >= limit || (hard && s.refused());
            if (!holds) {
                continue;
            }
            String who = b.scope().equals("global") ? "The gateway" : capitalized(b.scope()) + " " + b.id();
            String summary = hard
                    ? String.format(
                            Locale.ROOT,
                            "%s reached its budget: %s of %s USD this %s%s",
                            who,
                            Budget.usd(s.spentNanos()),
                            Budget.usd(b.maxNanos()),
                            b.period().wire(),
                            s.refused() ? "; requests are refused" : "")
                    : String.format(
                            Locale.ROOT,
                            "%s passed its soft budget: %s of %s USD this %s (soft limit %s)",
                            who,
                            Budget.usd(s.spentNanos()),
                            Budget.usd(b.maxNanos()),
                            b.period().wire(),
                            Budget.usd(limit));
            out.add(new Finding(
                    rule,
                    new AlertSubject(b.scope(), b.id()),
                    Budget.dollars(s.spentNanos()),
                    Budget.dollars(limit),
                    summary,
                    b.period().wire() + ":" + s.periodStart()));
        }
        return out;
    }

    private List<Finding> errorSpike(AlertRule rule, Instant now) {
        double threshold = rule.threshold() == null ? 0.5 : rule.threshold();
        List<Finding> out = new ArrayList<>();
        for (String id : deployments.deployments()) {
            DeploymentSignals.Outcomes o = deployments.over(id, rule.window().toMillis(), now);
            if (o.attempts() >= rule.minRequests() && o.failureShare() >= threshold) {
                out.add(new Finding(
                        rule,
                        new AlertSubject("deployment", id),
                        o.failureShare(),
                        threshold,
                        String.format(
                                Locale.ROOT,
                                "Deployment %s failed %d of %d attempts (%.0f%%) in the last %s",
                                id,
                                o.failures(),
                                o.attempts(),
                                o.failureShare() * 100,
                                words(rule.window())),
                        ""));
            }
        }
        return out;
    }

    private List<Finding> latencySpike(AlertRule rule, Instant now) {
        long end = now.toEpochMilli() + 1;
        long windowStart = end - rule.window().toMillis();
        long baselineStart = windowStart - rule.baseline().toMillis();
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, TimeSlots<LatencyHistogram>> e :
                requests.latency().entrySet()) {
            TimeSlots<LatencyHistogram> slots = e.getValue();
            LatencyHistogram recent = new LatencyHistogram();
            slots.forEach(slots.slotOf(windowStart), end, recent::addAll);
            if (recent.total() < rule.minRequests()) {
                continue;
            }
            double p95 = recent.quantile(0.95);
            double limit = Double.POSITIVE_INFINITY;
            String against = "";
            if (rule.threshold() != null) {
                limit = rule.threshold();
                against = String.format(Locale.ROOT, "the limit of %.0f ms", limit);
            }
            if (rule.factor() > 0) {
                LatencyHistogram before = new LatencyHistogram();
                slots.forEach(slots.slotOf(baselineStart), slots.slotOf(windowStart), before::addAll);
                if (before.total() >= rule.minRequests()) {
                    double relative = before.quantile(0.95) * rule.factor();
                    if (relative < limit) {
                        limit = relative;
                        against = String.format(
                                Locale.ROOT,
                                "%s times its baseline of %.0f ms",
                                trimmed(rule.factor()),
                                before.quantile(0.95));
                    }
                }
            }
            if (p95 > limit) {
                out.add(new Finding(
                        rule,
                        new AlertSubject("deployment", e.getKey()),
                        p95,
                        limit,
                        String.format(
                                Locale.ROOT,
                                "Deployment %s p95 latency is %.0f ms over the last %s, above %s",
                                e.getKey(),
                                p95,
                                words(rule.window()),
                                against),
                        ""));
            }
        }
        return out;
    }

    private List<Finding> circuitOpen(AlertRule rule) {
        List<Finding> out = new ArrayList<>();
        for (DeploymentStats stats : registry.all()) {
            CircuitBreaker.State state = stats.breaker().state();
            if (state != CircuitBreaker.State.CLOSED) {
                String error = stats.lastError();
                out.add(new Finding(
                        rule,
                        new AlertSubject("deployment", stats.id()),
                        1,
                        1,
                        "Circuit breaker of deployment " + stats.id() + " is "
                                + (state == CircuitBreaker.State.OPEN ? "open" : "half-open, probing")
                                + (error == null ? "" : " (last error: " + error + ")"),
                        ""));
            }
        }
        return out;
    }

    private List<Finding> modelUnavailable(AlertRule rule, GatewayConfig config) {
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        for (DeploymentInventory.Entry entry : DeploymentInventory.of(config)) {
            for (String group : entry.groups()) {
                byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(entry.id());
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> g : byGroup.entrySet()) {
            boolean allDown = true;
            for (String id : g.getValue()) {
                DeploymentStats stats = registry.find(id);
                if (stats == null || stats.breaker().state() == CircuitBreaker.State.CLOSED) {
                    allDown = false;
                    break;
                }
            }
            if (allDown) {
                out.add(new Finding(
                        rule,
                        new AlertSubject("model", g.getKey()),
                        g.getValue().size(),
                        g.getValue().size(),
                        "Model " + g.getKey() + " is unavailable: the circuit breakers of all its "
                                + g.getValue().size() + " deployments are open (" + String.join(", ", g.getValue())
                                + ")",
                        ""));
            }
        }
        return out;
    }

    private List<Finding> costAnomaly(AlertRule rule, Instant now) {
        long end = now.toEpochMilli() + 1;
        long windowStart = end - rule.window().toMillis();
        long baselineStart = windowStart - rule.baseline().toMillis();
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<AlertSubject, TimeSlots<double[]>> e : requests.spend().entrySet()) {
            if (!rule.scopes().contains(e.getKey().scope())) {
                continue;
            }
            TimeSlots<double[]> slots = e.getValue();
            // A baseline is what the subject spent while it was watched, at least one window of it:
            // a new key's or team's first spend has nothing to be an anomaly against.
            long watched = Math.min(rule.baseline().toMillis(), windowStart - slots.firstMillis());
            if (watched < rule.window().toMillis()) {
                continue;
            }
            double windowsInBaseline = watched / (double) rule.window().toMillis();
            double[] recent = {0};
            double[] before = {0};
            slots.forEach(slots.slotOf(windowStart), end, a -> recent[0] += a[0]);
            slots.forEach(slots.slotOf(baselineStart), slots.slotOf(windowStart), a -> before[0] += a[0]);
            double usual = before[0] / windowsInBaseline;
            double limit = Math.max(rule.minUsd(), usual * rule.factor());
            if (recent[0] > limit) {
                out.add(new Finding(
                        rule,
                        e.getKey(),
                        recent[0],
                        limit,
                        String.format(
                                Locale.ROOT,
                                "%s %s spent %.4f USD in the last %s, %s times its usual %.4f USD (trailing %s)",
                                capitalized(e.getKey().scope()),
                                e.getKey().id(),
                                recent[0],
                                words(rule.window()),
                                usual == 0 ? "many" : String.format(Locale.ROOT, "%.1f", recent[0] / usual),
                                usual,
                                words(rule.baseline())),
                        ""));
            }
        }
        return out;
    }

    private List<Finding> backlog(AlertRule rule) {
        long waiting = backlog.getAsLong();
        double threshold = rule.threshold() == null ? 10_000 : rule.threshold();
        if (waiting < threshold) {
            return List.of();
        }
        return List.of(new Finding(
                rule,
                new AlertSubject("global", "*"),
                waiting,
                threshold,
                waiting + " usage records are waiting in the spool for the usage store (limit " + (long) threshold
                        + ")",
                ""));
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String trimmed(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static String words(java.time.Duration d) {
        if (d.toMillis() % 3_600_000 == 0) {
            return d.toHours() == 1 ? "hour" : d.toHours() + " hours";
        }
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() == 1 ? "minute" : d.toMinutes() + " minutes";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " seconds" : d.toMillis() + " ms";
    }
}
