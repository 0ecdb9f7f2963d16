package dev.gatehouse.dispatch;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.RequestOptions;
import dev.gatehouse.config.RouterSettings;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.InternalErrors;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.ratelimit.DeploymentTickets;
import dev.gatehouse.routing.Candidate;
import dev.gatehouse.routing.CircuitBreaker;
import dev.gatehouse.routing.DispatchOutcome;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RoutePlan;
import dev.gatehouse.time.GatewayClock;
import dev.gatehouse.tracing.AttemptSpan;
import dev.gatehouse.tracing.GenAiNames;
import dev.gatehouse.tracing.RequestTrace;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of one request: walks the plan's candidates, retries and falls back, and settles
 * with the first success or the error the client should see. Event-loop confined; one per request.
 */
final class DispatchLoop {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchLoop.class);

    private final Exchange ex;
    private final RoutePlan plan;
    private final RouterSettings settings;
    private final Attempt attempt;
    private final ProviderAdapters adapters;
    private final GatewayClock clock;
    private final DoubleSupplier random;
    private final CanonicalRequest request;
    private final RequestOptions options;
    private final Promise<Reply> result = Promise.promise();
    private final long deadlineNanos;

    private int next;
    private int attempts;
    private int triesOnCurrent;
    private @Nullable Candidate current;
    private @Nullable GatewayError lastError;
    private boolean skippedOpen;
    private @Nullable Integer minWindow;

    DispatchLoop(
            Exchange ex,
            RoutePlan plan,
            RouterSettings settings,
            Attempt attempt,
            ProviderAdapters adapters,
            GatewayClock clock,
            DoubleSupplier random) {
        this.ex = ex;
        this.plan = plan;
        this.settings = settings;
        this.attempt = attempt;
        this.adapters = adapters;
        this.clock = clock;
        this.random = random;
        this.request = ex.get(CanonicalRequest.KEY);
        this.options = RequestOptions.of(ex);
        this.deadlineNanos = clock.nanoTime() + settings.deadline().toNanos();
    }

    Future<Reply> run() {
        tryNext();
        return result.future();
    }

    private void tryNext() {
        triesOnCurrent = 0;
        while (next < plan.candidates().size()) {
            Candidate c = plan.candidates().get(next++);
            if (minWindow != null
                    && (c.deployment().contextWindow() == null || c.deployment().contextWindow() <= minWindow)) {
                continue;
            }
            if (!c.stats().breaker().tryAcquire()) {
                skippedOpen = true;
                continue;
            }
            paceThenAttempt(c);
            return;
        }
        fail(lastError != null ? lastError : noHealthyDeployment());
    }

    /**
     * Takes {@code c}'s own rpm/tpm ticket before sending to it (the first deployment already holds
     * one from the pacing stage; a fallback takes its own), and skips it when it is full.
     */
    private void paceThenAttempt(Candidate c) {
        DeploymentTickets tickets = ex.find(DeploymentTickets.KEY);
        if (tickets == null) {
            current = c;
            attemptCurrent();
            return;
        }
        tickets.admit(c).onComplete(admitted -> {
            if (admitted.failed() || admitted.result() != null) {
                c.stats().breaker().onNeutral();
                lastError = admitted.failed() ? InternalErrors.toGatewayError(ex, admitted.cause()) : admitted.result();
                tryNext();
            } else {
                current = c;
                attemptCurrent();
            }
        });
    }

    private void attemptCurrent() {
        Candidate c = Objects.requireNonNull(current, "tryNext picks the candidate before any attempt on it");
        if (ex.isCancelled()) {
            c.stats().breaker().onNeutral();
            fail(UpstreamFailures.connectionLost(c.provider().name()));
            return;
        }
        // An upload's body streams from the client once: no retry, no fallback after the first attempt.
        boolean uploadSent = request.upload() != null && attempts > 0;
        if (uploadSent || attempts >= settings.maxAttempts() || clock.nanoTime() > deadlineNanos) {
            c.stats().breaker().onNeutral();
            fail(
                    lastError != null
                            ? lastError
                            : UpstreamFailures.timeout(c.provider().name(), "within the request deadline"));
            return;
        }
        attempts++;
        triesOnCurrent++;
        Duration left = options.timeout() == null
                ? null
                : Duration.ofNanos(Math.max(1_000_000, deadlineNanos - clock.nanoTime()));
        Route route =
                new Route(plan.publicModel(), OptionLimits.attempt(c.provider(), options, left), c.upstreamModel());
        ex.put(Route.KEY, route);
        ex.put(
                DispatchOutcome.KEY,
                new DispatchOutcome(attempts, c.id(), c != plan.candidates().get(0)));
        c.stats().started();
        AttemptSpan span = startSpan(c, route);
        attempt.run(ex, request, route, adapters.forProvider(route.provider())).onComplete(done -> {
            if (done.succeeded()) {
                endSpanWith(span, done.result().reply());
                succeed(c, done.result());
            } else {
                GatewayError error = InternalErrors.toGatewayError(ex, done.cause());
                if (span != null) {
                    span.failed(error.code() == null ? error.type() : error.code(), error.status());
                }
                c.stats().finished();
                failed(c, error);
            }
        });
    }

    /** The attempt's client span when the request is traced, else {@code null} (and nothing is made). */
    private @Nullable AttemptSpan startSpan(Candidate c, Route route) {
        RequestTrace trace = ex.find(RequestTrace.KEY);
        if (trace == null) {
            return null;
        }
        AttemptSpan span = trace.startAttempt(new AttemptSpan.Facts(
                attempts,
                c.id(),
                GenAiNames.provider(route.provider().type()),
                route.upstreamModel(),
                triesOnCurrent > 1,
                c != plan.candidates().get(0)));
        ex.put(AttemptSpan.KEY, span);
        return span;
    }

    /** A JSON answer ends its attempt now; a stream's attempt lasts until the stream ends. */
    private static void endSpanWith(@Nullable AttemptSpan span, Reply reply) {
        if (span == null) {
            return;
        }
        if (reply instanceof Reply.Streaming streaming) {
            streaming.stream().usage().onComplete(ended -> span.succeeded());
        } else {
            span.succeeded();
        }
    }

    private void succeed(Candidate c, Attempt.Result done) {
        c.stats().breaker().onSuccess();
        c.stats().recordSuccess(done.ttftMillis(), done.totalMillis());
        if (done.reply() instanceof Reply.Streaming streaming) {
            streaming.stream().usage().onComplete(ended -> c.stats().finished());
        } else {
            c.stats().finished();
        }
        result.tryComplete(done.reply());
    }

    private void failed(Candidate c, GatewayError error) {
        lastError = error;
        CircuitBreaker breaker = c.stats().breaker();
        if (ex.isCancelled()) {
            // The client went away and the gateway cut the upstream call: that failure is ours, not
            // the deployment's. Counting it let clients timing out under load open a healthy
            // deployment's breaker (seen in the saturation benchmark).
            breaker.onNeutral();
            fail(error);
            return;
        }
        if (RetryPolicy.countsAgainstDeployment(error)) {
            String what = error.code() == null ? error.kind().name() : error.code();
            if (breaker.onFailure(error.retryAfter())) {
                LOG.warn(
                        "circuit breaker of {} opened until {} after {} (request {})",
                        c.id(),
                        breaker.openUntil(),
                        what,
                        ex.requestId());
            }
            c.stats().recordFailure(what, clock.instant());
        } else {
            breaker.onNeutral();
        }
        switch (RetryPolicy.decide(error, triesOnCurrent, settings)) {
            case RETRY -> retryAfterBackoff(c, error);
            case NEXT -> tryNext();
            case NEXT_LARGER_WINDOW -> {
                Integer window = c.deployment().contextWindow();
                minWindow = window == null ? 0 : window;
                tryNext();
            }
            case STOP -> fail(error);
        }
    }

    private void retryAfterBackoff(Candidate c, GatewayError error) {
        Duration wait = RetryPolicy.backoff(triesOnCurrent, error.retryAfter(), settings, random);
        if (clock.nanoTime() + wait.toNanos() > deadlineNanos) {
            tryNext();
            return;
        }
        clock.schedule(wait, () -> {
            if (c.stats().breaker().tryAcquire()) {
                attemptCurrent();
            } else {
                tryNext();
            }
        });
    }

    private GatewayError noHealthyDeployment() {
        Instant soonest = null;
        for (Candidate c : plan.candidates()) {
            Instant until = c.stats().breaker().openUntil();
            if (until != null && (soonest == null || until.isBefore(soonest))) {
                soonest = until;
            }
        }
        GatewayError error = GatewayError.of(
                ErrorKind.UNAVAILABLE,
                "Every deployment of '" + plan.publicModel()
                        + "' is unavailable right now (circuit open after repeated failures). Retry later.",
                null,
                "no_healthy_deployment");
        if (skippedOpen && soonest != null) {
            long seconds = Math.max(1, (long)
                    Math.ceil(Duration.between(clock.instant(), soonest).toMillis() / 1000.0));
            error = error.withRetryAfter(Duration.ofSeconds(seconds));
        }
        return error;
    }

    private void fail(GatewayError error) {
        result.tryFail(error);
    }
}
