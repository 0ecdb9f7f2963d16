package dev.gatehouse.ratelimit;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.api.InputTokens;
import dev.gatehouse.api.ReasoningEffort;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.auth.RequestPriority;
import dev.gatehouse.config.LimitSettings;
import dev.gatehouse.config.QueuePolicy;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.routing.RoutePlan;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline stage: requests, tokens and parallel requests per key, user, team and gateway. Before
 * dispatch it reserves one request, the estimated input tokens and the output tokens the request
 * may produce ({@code max_tokens}, else {@code limits.default_max_tokens}) in every bucket at once;
 * a refusal is a 429 whose {@code code} names the scope and limit
 * ({@code rate_limit_exceeded:team:tpm}) with {@code Retry-After}. After the answer it settles to
 * the real usage; when no answer came it releases. Every answer carries OpenAI's
 * {@code x-ratelimit-*} headers for the limits that apply.
 *
 * <p>The input tokens reserved are the request's {@link InputTokens#ceiling ceiling}, which needs no
 * tokenizer; only when that refuses the request on a token limit is the tokenizer's count reserved
 * instead, so what is admitted is what the count would admit. Sliding windows, which promise an
 * exact count, always reserve the count. The reservation's id is the request id (unique per request,
 * and cheaper than a random UUID).
 */
public final class EnforceLimits implements Interceptor {

    private static final Logger LOG = LoggerFactory.getLogger(EnforceLimits.class);

    /** How long a request waited in a queue for its limits, on answers and refusals alike. */
    public static final String QUEUE_WAIT_HEADER = "x-gatehouse-queue-wait-ms";

    private final Supplier<RateLimiter> limiter;
    private final @Nullable LimitQueue queue;
    private final QueueWakeups wakeups;

    /** Limits that refuse at once, whatever a scope's {@code queue} says. */
    public EnforceLimits(Supplier<RateLimiter> limiter) {
        this.limiter = limiter;
        this.queue = null;
        this.wakeups = names -> {};
    }

    /** Limits whose scopes may queue in {@code queue}; settles and releases tell {@code wakeups}. */
    public EnforceLimits(Supplier<RateLimiter> limiter, LimitQueue queue, QueueWakeups wakeups) {
        this.limiter = limiter;
        this.queue = queue;
        this.wakeups = wakeups;
    }

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        LimitSettings global = ex.config().limits();
        List<Bucket> buckets = LimitScopes.buckets(
                ex.get(Principal.KEY), global, ex.get(CanonicalRequest.KEY).model());
        if (buckets.isEmpty()) {
            return chain.proceed(ex);
        }
        InputTokens input = InputTokens.of(ex);
        Reservation first = new Reservation(
                ex.requestId(),
                buckets,
                global.slidingWindow() ? input.counted() : input.ceiling(),
                outputEstimate(ex.get(CanonicalRequest.KEY), global));
        RateLimiter limits = limiter.get();
        Function<Bucket, @Nullable QueuePolicy> policies =
                QueuePolicies.of(ex.get(Principal.KEY), ex.find(RoutePlan.KEY));
        List<String> queueing = queueing(buckets, policies);
        Future<Admission> admitted;
        if (queue == null || queueing.isEmpty()) {
            admitted = reserve(limits, first, input);
        } else {
            // A waiter asks for its counted tokens: with the ceiling it would wait for room it never uses.
            Reservation r = new Reservation(first.id(), buckets, input.counted(), first.outputTokens());
            LimitQueue.Entry entry = new LimitQueue.Entry(
                    r, limits, RequestPriority.of(ex), ex.get(Principal.KEY).keyId(), policies, d -> refusal(d, r));
            admitted = queue.admit(entry, ex::onCancel)
                    .onSuccess(a -> ex.replyHeader(
                            QUEUE_WAIT_HEADER, Long.toString(a.waited().toMillis())))
                    .onFailure(e -> ex.replyHeader(QUEUE_WAIT_HEADER, "0"))
                    .map(a -> new Admission(r, a.decision()));
        }
        return admitted.compose(admission -> {
            Decision decision = admission.decision();
            Reservation r = admission.reservation();
            RateLimitHeaders.put(ex, decision);
            if (!decision.admitted()) {
                return Future.failedFuture(refusal(decision, r));
            }
            return AfterReply.settle(
                    chain.proceed(ex),
                    usage -> limits.settle(r, usage.inputTokens(), usage.outputTokens())
                            .onSuccess(v -> wakeups.freed(queueing))
                            .onFailure(e -> LOG.warn(
                                    "rate limit settle failed for request {}: {}", ex.requestId(), e.getMessage())),
                    () -> limits.release(r)
                            .onSuccess(v -> wakeups.freed(queueing))
                            .onFailure(e -> LOG.warn(
                                    "rate limit release failed for request {}: {}", ex.requestId(), e.getMessage())));
        });
    }

    private record Admission(Reservation reservation, Decision decision) {}

    /** The names of the buckets that queue; a loop, not a stream, since it runs for every limited request. */
    private static List<String> queueing(List<Bucket> buckets, Function<Bucket, @Nullable QueuePolicy> policies) {
        List<String> names = List.of();
        for (Bucket b : buckets) {
            if (policies.apply(b) != null) {
                if (names.isEmpty()) {
                    names = new ArrayList<>();
                }
                names.add(b.name());
            }
        }
        return names;
    }

    /**
     * Reserves {@code r}; when a token limit refuses it and the tokenizer counts fewer input tokens
     * than it reserved, reserves the count instead. A refused reservation took nothing, so the second
     * try starts from the same buckets.
     */
    private static Future<Admission> reserve(RateLimiter limits, Reservation r, InputTokens input) {
        return limits.reserve(r).compose(decision -> {
            Bucket refused = decision.refused();
            if (decision.admitted()
                    || refused == null
                    || refused.meter().amount(1, 0) == 0
                    || input.counted() >= r.inputTokens()) {
                return Future.succeededFuture(new Admission(r, decision));
            }
            Reservation counted = new Reservation(r.id(), r.buckets(), input.counted(), r.outputTokens());
            return limits.reserve(counted).map(again -> new Admission(counted, again));
        });
    }

    /**
     * Counts a request answered before this stage (from the response cache) against the
     * requests-per-minute limits that apply to it, and nothing else: it uses no tokens and holds no
     * parallel slot. Fails with the 429 the request would get here when a requests limit is reached.
     * Adds the {@code x-ratelimit-*} headers of those limits.
     */
    public static Future<Void> countRequestOnly(Exchange ex, RateLimiter limits) {
        List<Bucket> buckets =
                LimitScopes.buckets(
                                ex.get(Principal.KEY),
                                ex.config().limits(),
                                ex.get(CanonicalRequest.KEY).model())
                        .stream()
                        .filter(b -> b.meter() == Meter.REQUESTS)
                        .toList();
        if (buckets.isEmpty()) {
            return Future.succeededFuture();
        }
        Reservation r = new Reservation(ex.requestId(), buckets, 0, 0);
        return limits.reserve(r).compose(decision -> {
            RateLimitHeaders.put(ex, decision);
            if (!decision.admitted()) {
                return Future.failedFuture(refusal(decision, r));
            }
            // Settled at once: the answer is already there, and a request is never given back.
            return limits.settle(r, 0, 0).otherwise(e -> {
                LOG.warn("rate limit settle failed for request {}: {}", ex.requestId(), e.getMessage());
                return null;
            });
        });
    }

    /**
     * Output tokens to reserve: none for embeddings (nor for rerank, audio and images, whose readers
     * set a cap of 0), else the request's cap or the configured default,
     * with the thinking budget its {@code reasoning_effort} adds on providers that take one.
     */
    public static long outputEstimate(CanonicalRequest request, LimitSettings settings) {
        if (request.endpoint() == Endpoint.EMBEDDINGS) {
            return 0;
        }
        long cap = request.maxOutputTokens() != null ? request.maxOutputTokens() : settings.defaultMaxTokens();
        return ReasoningEffort.outputCeiling(request, cap);
    }

    static GatewayError refusal(Decision d, Reservation r) {
        Bucket b = Objects.requireNonNull(d.refused(), "only a refused decision becomes a refusal");
        Duration retryAfter = Objects.requireNonNull(d.retryAfter(), "a refused decision says when to retry");
        String what = switch (b.meter()) {
            case REQUESTS -> "requests per minute";
            case TOKENS -> "tokens per minute";
            case INPUT_TOKENS -> "input tokens per minute";
            case OUTPUT_TOKENS -> "output tokens per minute";
            case PARALLEL -> "parallel requests";
        };
        String scope = (b.scope().equals("global") ? "the gateway" : b.scope() + " " + b.id())
                + (b.model() == null ? "" : " with model " + b.model());
        String message = "Rate limit reached for " + scope + " on " + what + ": limit " + b.limit()
                + (b.meter() == Meter.PARALLEL || b.meter() == Meter.REQUESTS
                        ? ""
                        : ", this request needs " + r.amount(b))
                + ". Please try again in " + RateLimitHeaders.format(retryAfter) + ".";
        return GatewayError.of(ErrorKind.RATE_LIMITED, message, null, b.errorCode())
                .withRetryAfter(retryAfter);
    }
}
