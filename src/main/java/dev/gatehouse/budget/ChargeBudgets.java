package dev.gatehouse.budget;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.InputTokens;
import dev.gatehouse.api.UnitEstimate;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.config.BilledUnits;
import dev.gatehouse.config.LimitSettings;
import dev.gatehouse.config.Prices;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.ratelimit.AfterReply;
import dev.gatehouse.ratelimit.EnforceLimits;
import dev.gatehouse.routing.Candidate;
import dev.gatehouse.routing.DispatchOutcome;
import dev.gatehouse.routing.RoutePlan;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline stage: dollar budgets per key, user, team and gateway. It runs after routing because the
 * worst case needs prices, and prices belong to deployments: it reserves the input estimate plus
 * {@code max_tokens} at the dearest candidate of the route plan (a fallback may serve the request),
 * and settles to the real cost at the deployment that answered. A request whose worst case would
 * pass a cap gets 429 {@code budget_exceeded:<scope>} with {@code Retry-After} until the period ends.
 * Past the soft threshold, answers carry {@code x-gatehouse-budget-warning} and an alert is logged.
 *
 * <p>The input estimate is the tokenizer's count, not the cheaper {@link InputTokens#ceiling
 * ceiling}: reservations in flight hold their worst case, and ceilings held by concurrent requests
 * refused others that would have fit (200 concurrent requests left a $1.00 budget at $0.68).
 */
public final class ChargeBudgets implements Interceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ChargeBudgets.class);

    private final Supplier<BudgetLedger> ledger;
    private final Pricing pricing;
    private final BudgetAlerts alerts;
    private final InstantSource clock;

    public ChargeBudgets(Supplier<BudgetLedger> ledger, Pricing pricing, BudgetAlerts alerts, InstantSource clock) {
        this.ledger = ledger;
        this.pricing = pricing;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        LimitSettings global = ex.config().limits();
        List<Budget> budgets = BudgetScopes.of(ex.get(Principal.KEY), global);
        if (budgets.isEmpty()) {
            return chain.proceed(ex);
        }
        RoutePlan plan = ex.get(RoutePlan.KEY);
        InputTokens input = InputTokens.of(ex);
        CanonicalRequest request = ex.get(CanonicalRequest.KEY);
        long output = EnforceLimits.outputEstimate(request, global);
        BilledUnits units = UnitEstimate.of(request, ex.config().server().maxUploadBytes());
        List<@Nullable Prices> prices = new ArrayList<>(plan.candidates().size());
        for (Candidate c : plan.candidates()) {
            Prices p = pricing.of(c, ex.config());
            if (p == null) {
                if (!global.allowUnpriced()) {
                    return Future.failedFuture(unpriced(c));
                }
                alerts.unknownPrices(c.upstreamModel());
            }
            prices.add(p);
        }
        BudgetReservation reservation =
                new BudgetReservation(budgets, worstCase(prices, input.counted(), output, units), clock.instant());
        BudgetLedger counters = ledger.get();
        return counters.reserve(reservation)
                .map(decision -> new Admission(reservation, decision))
                .compose(admission -> {
                    BudgetReservation r = admission.reservation();
                    BudgetDecision decision = admission.decision();
                    alerts.decided(decision, r);
                    if (!decision.admitted()) {
                        return Future.failedFuture(refusal(decision, r));
                    }
                    warn(ex, decision, r);
                    return AfterReply.settle(
                            chain.proceed(ex),
                            usage -> counters.settle(r, realCost(ex, plan, usage, input, output, units))
                                    .onFailure(e -> LOG.warn(
                                            "budget settle failed for request {}: {}", ex.requestId(), e.getMessage())),
                            () -> counters.release(r)
                                    .onFailure(e -> LOG.warn(
                                            "budget release failed for request {}: {}",
                                            ex.requestId(),
                                            e.getMessage())));
                });
    }

    private record Admission(BudgetReservation reservation, BudgetDecision decision) {}

    /** The dearest candidate's price of {@code input} tokens plus the output reserved. */
    private static long worstCase(List<@Nullable Prices> prices, long input, long output, BilledUnits units) {
        long worst = 0;
        for (Prices p : prices) {
            worst = Math.max(worst, Pricing.worstCaseNanos(p, input, output, units));
        }
        return worst;
    }

    /**
     * The cost at the deployment that answered. An answer without usage (an upstream that sends
     * none, a stream cut before its usage chunk) costs its estimate there, input plus the output
     * reserved: settling it at zero would let such an upstream spend without limit.
     */
    private long realCost(
            Exchange ex, RoutePlan plan, Usage usage, InputTokens input, long outputEstimate, BilledUnits units) {
        Prices p = answeringPrices(ex, plan);
        return usage.isEmpty()
                ? Pricing.worstCaseNanos(p, input.counted(), outputEstimate, units)
                : Pricing.nanos(p, usage);
    }

    private @Nullable Prices answeringPrices(Exchange ex, RoutePlan reserved) {
        // The plan as dispatch left it: a batch line sent to a provider batch API narrows it to that
        // deployment at its discounted prices.
        RoutePlan plan = Objects.requireNonNullElse(ex.find(RoutePlan.KEY), reserved);
        DispatchOutcome outcome = ex.find(DispatchOutcome.KEY);
        for (Candidate c : plan.candidates()) {
            if (outcome != null && c.id().equals(outcome.deployment())) {
                return pricing.of(c, ex.config());
            }
        }
        return plan.candidates().isEmpty() ? null : pricing.of(plan.candidates().get(0), ex.config());
    }

    private static GatewayError unpriced(Candidate c) {
        return GatewayError.of(
                ErrorKind.INVALID_REQUEST,
                String.format(
                        Locale.ROOT,
                        "The model '%s' has no prices, so the cost of this request cannot be known and a budget applies to it. "
                                + "Price it: set prices: {input: ..., output: ...} (USD per million tokens) on its model entry, "
                                + "or add it to the top-level prices: section (0 for a self-hosted model); "
                                + "or set limits.budget_unpriced: allow to let unpriced models run free of budgets.",
                        c.upstreamModel()),
                "model",
                "model_unpriced");
    }

    /**
     * Warns on what was spent before this request, not on the counter after its reservation: a
     * request reserving its worst case would otherwise warn of spend that never happened. Other
     * requests in flight still count at their worst case until they settle.
     */
    private void warn(Exchange ex, BudgetDecision d, BudgetReservation r) {
        List<String> warnings = new ArrayList<>();
        for (BudgetDecision.Spent s : d.spent()) {
            Budget b = s.budget();
            long spent = s.nanos() - r.nanos();
            if (spent >= b.softNanos()) {
                warnings.add(String.format(
                        Locale.ROOT,
                        "%s %s has used %s of %s USD %s",
                        b.scope(),
                        b.id(),
                        Budget.usd(spent),
                        Budget.usd(b.maxNanos()),
                        periodWords(b)));
                alerts.softLimitReached(b, r.counter(b), spent, ex.requestId());
            }
        }
        if (!warnings.isEmpty()) {
            ex.replyHeader("x-gatehouse-budget-warning", String.join("; ", warnings));
        }
    }

    private static String periodWords(Budget b) {
        return switch (b.period()) {
            case DAY -> "today";
            case WEEK -> "this week";
            case MONTH -> "this month";
            case TOTAL -> "in total";
        };
    }

    private static GatewayError refusal(BudgetDecision d, BudgetReservation r) {
        Budget b = Objects.requireNonNull(d.refused(), "only a refused decision becomes a refusal");
        Duration retryAfter = Objects.requireNonNull(d.retryAfter(), "a refused decision says when its period ends");
        String scope = b.scope().equals("global") ? "the gateway" : b.scope() + " " + b.id();
        long spent = 0;
        for (BudgetDecision.Spent s : d.spent()) {
            if (s.budget().equals(b)) {
                spent = s.nanos();
            }
        }
        String message = String.format(
                Locale.ROOT,
                "Budget exceeded for %s: %s USD %s, %s USD used, and this request could cost up to %s USD.",
                scope,
                Budget.usd(b.maxNanos()),
                b.period() == dev.gatehouse.auth.BudgetPeriod.TOTAL
                        ? "in total"
                        : "per " + b.period().wire(),
                Budget.usd(spent),
                Budget.usd(r.nanos()));
        return GatewayError.of(ErrorKind.RATE_LIMITED, message, null, "budget_exceeded:" + b.scope())
                .withRetryAfter(retryAfter);
    }
}
