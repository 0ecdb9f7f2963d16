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
 * <p>The input estimate is the cheap {@link InputTokens#ceiling ceiling} (no tokenizer) only while
 * every budget keeps {@value #HEADROOM_MULTIPLE} times that worst case free beyond it; closer to a
 * cap, the ledger refuses that reservation and the tokenizer's count is reserved instead, and
 * decides. Near a cap the ceiling would do harm: reservations in flight hold their worst case, and
 * ceilings held by concurrent requests refused others that would have fit (200 concurrent requests
 * left a $1.00 budget at $0.68). Far from it, the ceiling's excess over the count is held only
 * until the request settles, and could refuse a request only after that many more worst cases were
 * admitted while it is in flight.
 */
public final class ChargeBudgets implements Interceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ChargeBudgets.class);

    /** How many worst cases a budget must have free beyond a reservation for the ceiling to stand in for the count. */
    static final long HEADROOM_MULTIPLE = 1000;

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

    /** One request's sizes and prices, for its reservations and its settle. */
    private record Estimate(
            RoutePlan plan, List<@Nullable Prices> prices, InputTokens input, long output, BilledUnits units) {

        /** The dearest candidate's price of {@code inputTokens} plus the output reserved. */
        long worstCase(long inputTokens) {
            long worst = 0;
            for (Prices p : prices) {
                worst = Math.max(worst, Pricing.worstCaseNanos(p, inputTokens, output, units));
            }
            return worst;
        }
    }

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        LimitSettings global = ex.config().limits();
        List<Budget> budgets = BudgetScopes.of(ex.get(Principal.KEY), global);
        if (budgets.isEmpty()) {
            return chain.proceed(ex);
        }
        RoutePlan plan = ex.get(RoutePlan.KEY);
        CanonicalRequest request = ex.get(CanonicalRequest.KEY);
        List<@Nullable Prices> prices = new ArrayList<>(plan.candidates().size());
        for (Candidate c : plan.candidates()) {
            Prices p = pricing.of(c, ex.config());
            prices.add(p);
            if (p == null) {
                if (!global.allowUnpriced()) {
                    return Future.failedFuture(unpriced(c));
                }
                alerts.unknownPrices(c.upstreamModel());
            }
        }
        Estimate estimate = new Estimate(
                plan,
                prices,
                InputTokens.of(ex),
                EnforceLimits.outputEstimate(request, global),
                UnitEstimate.of(request, ex.config().server().maxUploadBytes()));
        InputTokens input = estimate.input();
        long ceiling = estimate.worstCase(input.ceiling());
        BudgetReservation first =
                new BudgetReservation(budgets, ceiling, clock.instant(), input.mayCountLower() ? headroom(ceiling) : 0);
        BudgetLedger counters = ledger.get();
        return counters.reserve(first).compose(decision -> {
            if (decision.admitted() || first.headroomNanos() == 0) {
                return decided(ex, chain, counters, estimate, first, decision);
            }
            // Near a cap (or past it): the count decides, as if the ceiling had never been tried.
            BudgetReservation counted = first.withNanos(estimate.worstCase(input.counted()));
            return counters.reserve(counted).compose(d -> decided(ex, chain, counters, estimate, counted, d));
        });
    }

    /** {@link #HEADROOM_MULTIPLE} worst cases, at most what any amount may be. */
    static long headroom(long worstCase) {
        return worstCase > Budget.MAX_NANOS / HEADROOM_MULTIPLE ? Budget.MAX_NANOS : worstCase * HEADROOM_MULTIPLE;
    }

    private Future<Reply> decided(
            Exchange ex,
            Chain chain,
            BudgetLedger counters,
            Estimate estimate,
            BudgetReservation r,
            BudgetDecision decision) {
        alerts.decided(decision, r);
        if (!decision.admitted()) {
            return Future.failedFuture(refusal(decision, r));
        }
        warn(ex, decision, r);
        return AfterReply.settle(
                chain.proceed(ex),
                usage -> counters.settle(r, realCost(ex, estimate, usage))
                        .onFailure(e ->
                                LOG.warn("budget settle failed for request {}: {}", ex.requestId(), e.getMessage())),
                () -> counters.release(r)
                        .onFailure(e ->
                                LOG.warn("budget release failed for request {}: {}", ex.requestId(), e.getMessage())));
    }

    /**
     * The cost at the deployment that answered. An answer without usage (an upstream that sends
     * none, a stream cut before its usage chunk) costs its estimate there, input plus the output
     * reserved: settling it at zero would let such an upstream spend without limit.
     */
    private long realCost(Exchange ex, Estimate estimate, Usage usage) {
        Prices p = answeringPrices(ex, estimate);
        return usage.isEmpty()
                ? Pricing.worstCaseNanos(p, estimate.input().counted(), estimate.output(), estimate.units())
                : Pricing.nanos(p, usage);
    }

    private @Nullable Prices answeringPrices(Exchange ex, Estimate estimate) {
        // The plan as dispatch left it: a batch line sent to a provider batch API narrows it to that
        // deployment at its discounted prices. Unchanged, it holds the prices already looked up.
        RoutePlan plan = Objects.requireNonNullElse(ex.find(RoutePlan.KEY), estimate.plan());
        DispatchOutcome outcome = ex.find(DispatchOutcome.KEY);
        List<Candidate> candidates = plan.candidates();
        int answered = candidates.isEmpty() ? -1 : 0;
        for (int i = 0; outcome != null && i < candidates.size(); i++) {
            if (candidates.get(i).id().equals(outcome.deployment())) {
                answered = i;
                break;
            }
        }
        if (answered < 0) {
            return null;
        }
        return plan == estimate.plan()
                ? estimate.prices().get(answered)
                : pricing.of(candidates.get(answered), ex.config());
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
        List<String> warnings = null;
        List<BudgetDecision.Spent> spentAfter = d.spent();
        for (int i = 0; i < spentAfter.size(); i++) {
            Budget b = spentAfter.get(i).budget();
            long spent = spentAfter.get(i).nanos() - r.nanos();
            if (spent >= b.softNanos()) {
                if (warnings == null) {
                    warnings = new ArrayList<>();
                }
                warnings.add(String.format(
                        Locale.ROOT,
                        "%s %s has used %s of %s USD %s",
                        b.scope(),
                        b.id(),
                        Budget.usd(spent),
                        Budget.usd(b.maxNanos()),
                        periodWords(b)));
                alerts.softLimitReached(b, r.counter(i), spent, ex.requestId());
            }
        }
        if (warnings != null) {
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
