package dev.gatehouse.ratelimit;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.TokenEstimate;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.auth.RequestPriority;
import dev.gatehouse.config.DeploymentRateLimit;
import dev.gatehouse.config.Priority;
import dev.gatehouse.config.QueuePolicy;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.routing.Candidate;
import dev.gatehouse.routing.DispatchOutcome;
import dev.gatehouse.routing.RoutePlan;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Pipeline stage after the limits: keeps each deployment within its provider's own rate limit
 * ({@code rpm}, {@code tpm} on a deployment). It walks the route plan in order and takes the request
 * and its token estimate from the first deployment with room; one at its limit is skipped for the
 * next, and the plan dispatch sees starts with the deployment that had room, followed by the others
 * that were not at their limit. When every limited deployment is full and none is unlimited, the
 * request waits in the first one's queue under the model group's {@code queue} (else a 429).
 *
 * <p>Priorities share a deployment: a low-priority request also takes from a second bucket of
 * {@code low_priority_share} of the limit (default half), so batch traffic never holds more than
 * that share of a minute's capacity and the rest stays free for high and normal requests.
 *
 * <p>A request that falls back to another deployment is paced there too: dispatch takes that
 * deployment's ticket through {@link DeploymentTickets} before sending, and skips it when it is full.
 */
public final class PaceDeployments implements Interceptor {

    private final Supplier<RateLimiter> limiter;
    private final LimitQueue queue;
    private final QueueWakeups wakeups;

    public PaceDeployments(Supplier<RateLimiter> limiter, LimitQueue queue, QueueWakeups wakeups) {
        this.limiter = limiter;
        this.queue = queue;
        this.wakeups = wakeups;
    }

    /** One candidate's ticket: the reservation taken for it, or null for a deployment without a limit. */
    private record Pick(int index, @Nullable Reservation reservation) {}

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        RoutePlan plan = ex.find(RoutePlan.KEY);
        if (plan == null
                || plan.candidates().stream().allMatch(c -> c.deployment().rateLimit() == null)) {
            return chain.proceed(ex);
        }
        Priority priority = RequestPriority.of(ex);
        long input = TokenEstimate.inputTokens(ex);
        long output = EnforceLimits.outputEstimate(
                ex.get(CanonicalRequest.KEY), ex.config().limits());
        boolean sliding = ex.config().limits().slidingWindow();
        List<Reservation> tickets = new ArrayList<>();
        for (Candidate c : plan.candidates()) {
            tickets.add(new Reservation(UUID.randomUUID().toString(), buckets(c, priority, sliding), input, output));
        }
        RateLimiter limits = limiter.get();
        boolean[] full = new boolean[tickets.size()];
        return pick(ex, plan, tickets, full, 0, limits).compose(pick -> {
            ex.put(RoutePlan.KEY, narrowed(plan, pick.index(), full));
            // Dispatch takes a ticket from each later deployment it falls back to (DeploymentTickets.admit).
            DeploymentTickets held = new DeploymentTickets(
                    limits,
                    wakeups,
                    c -> new Reservation(UUID.randomUUID().toString(), buckets(c, priority, sliding), input, output));
            Reservation r = pick.reservation();
            if (r != null) {
                held.hold(plan.candidates().get(pick.index()).id(), r);
            }
            ex.put(DeploymentTickets.KEY, held);
            return AfterReply.settle(
                    chain.proceed(ex),
                    usage -> {
                        DispatchOutcome outcome = ex.find(DispatchOutcome.KEY);
                        held.settle(outcome == null ? null : outcome.deployment(), usage);
                    },
                    held::releaseAll);
        });
    }

    /** The first candidate from {@code i} on with room, else the wait in the first limited one's queue. */
    private Future<Pick> pick(
            Exchange ex, RoutePlan plan, List<Reservation> tickets, boolean[] full, int i, RateLimiter limits) {
        if (i == tickets.size()) {
            return waitForFirst(ex, plan, tickets, limits);
        }
        Reservation r = tickets.get(i);
        if (r.buckets().isEmpty()) {
            return Future.succeededFuture(new Pick(i, null));
        }
        return limits.reserve(r).compose(d -> {
            if (d.admitted()) {
                return Future.succeededFuture(new Pick(i, r));
            }
            full[i] = true;
            return pick(ex, plan, tickets, full, i + 1, limits);
        });
    }

    private Future<Pick> waitForFirst(Exchange ex, RoutePlan plan, List<Reservation> tickets, RateLimiter limits) {
        Reservation first = tickets.get(0);
        QueuePolicy policy = plan.candidates().get(0).group().queue();
        LimitQueue.Entry entry = new LimitQueue.Entry(
                first,
                limits,
                RequestPriority.of(ex),
                ex.get(Principal.KEY).keyId(),
                b -> policy,
                d -> EnforceLimits.refusal(d, first));
        return queue.admit(entry, ex::onCancel)
                .onSuccess(a -> ex.replyHeader(
                        EnforceLimits.QUEUE_WAIT_HEADER,
                        Long.toString(a.waited().toMillis())))
                .map(a -> new Pick(0, first));
    }

    /** The chosen candidate first, then the others not found at their limit, in plan order. */
    private static RoutePlan narrowed(RoutePlan plan, int chosen, boolean[] full) {
        if (chosen == 0 && !anyFull(full)) {
            return plan;
        }
        List<Candidate> out = new ArrayList<>();
        out.add(plan.candidates().get(chosen));
        for (int i = 0; i < plan.candidates().size(); i++) {
            if (i != chosen && !full[i]) {
                out.add(plan.candidates().get(i));
            }
        }
        return new RoutePlan(plan.publicModel(), out, plan.tier());
    }

    private static boolean anyFull(boolean[] full) {
        for (boolean f : full) {
            if (f) {
                return true;
            }
        }
        return false;
    }

    /** A deployment's rpm and tpm buckets, and for a low-priority request its share of them. */
    static List<Bucket> buckets(Candidate c, Priority priority, boolean sliding) {
        DeploymentRateLimit limit = c.deployment().rateLimit();
        List<Bucket> out = new ArrayList<>();
        if (limit == null) {
            return out;
        }
        add(out, c.id(), Meter.REQUESTS, limit.rpm(), 1, sliding);
        add(out, c.id(), Meter.TOKENS, limit.tpm(), 1, sliding);
        if (priority == Priority.LOW) {
            add(out, c.id() + ":low", Meter.REQUESTS, limit.rpm(), limit.lowPriorityShare(), sliding);
            add(out, c.id() + ":low", Meter.TOKENS, limit.tpm(), limit.lowPriorityShare(), sliding);
        }
        return out;
    }

    private static void add(
            List<Bucket> out, String id, Meter meter, @Nullable Long limit, double share, boolean sliding) {
        if (limit != null) {
            out.add(new Bucket("deployment", id, null, meter, (long) Math.floor(limit * share), sliding));
        }
    }
}
