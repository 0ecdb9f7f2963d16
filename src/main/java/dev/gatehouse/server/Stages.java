package dev.gatehouse.server;

import dev.gatehouse.api.ReadOptions;
import dev.gatehouse.api.RequireJson;
import dev.gatehouse.api.ValidateRequest;
import dev.gatehouse.auth.Authenticate;
import dev.gatehouse.auth.PermitOptions;
import dev.gatehouse.budget.ChargeBudgets;
import dev.gatehouse.budget.Pricing;
import dev.gatehouse.cache.ServeFromCache;
import dev.gatehouse.dispatch.Dispatch;
import dev.gatehouse.dispatch.UpstreamClient;
import dev.gatehouse.guardrail.stage.GuardrailStage;
import dev.gatehouse.idempotency.Idempotency;
import dev.gatehouse.metering.Account;
import dev.gatehouse.metering.Meter;
import dev.gatehouse.observability.RequestObserver;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Pipeline;
import dev.gatehouse.prompts.RenderPrompt;
import dev.gatehouse.ratelimit.EnforceLimits;
import dev.gatehouse.ratelimit.PaceDeployments;
import dev.gatehouse.responsestore.ContinueConversation;
import dev.gatehouse.routing.RouteHeaders;
import dev.gatehouse.routing.RouteRequest;
import dev.gatehouse.time.GatewayClock;
import dev.gatehouse.tracing.Tracing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one list of stage order: reading it tells the life of every request that reaches a provider.
 * The request walks down the list; the reply (or error) walks back up it, so a stage's response
 * side runs after those of every stage below it.
 */
public final class Stages {

    private Stages() {}

    /** The stages that need wiring; the others have no dependencies. */
    public record Parts(
            Meter meter,
            ContinueConversation conversation,
            Idempotency idempotency,
            ServeFromCache cache,
            EnforceLimits limits,
            ChargeBudgets budgets,
            Account account,
            Interceptor dispatch,
            Tracing tracing,
            GuardrailStage guardrails,
            PaceDeployments deployments) {

        /** Every stage wired from the front's shared parts, calling upstreams through {@code upstream}. */
        static Parts of(FrontParts parts, UpstreamClient upstream) {
            GatewayClock clock = parts.clock();
            return new Parts(
                    new Meter(
                            parts.recorder(),
                            List.of(new RequestObserver(parts.metrics()), parts.alertSignals()),
                            clock,
                            parts.metrics().inFlight()),
                    new ContinueConversation(parts.responses()),
                    new Idempotency(parts.counters().idempotency()),
                    new ServeFromCache(parts.cache(), parts.counters()::limiter, parts.recorder()),
                    new EnforceLimits(
                            parts.counters()::limiter,
                            parts.counters().queue(),
                            parts.counters().wakeups()),
                    new ChargeBudgets(
                            parts.counters()::budgets,
                            new Pricing(parts.cost()),
                            parts.counters().alerts(),
                            clock),
                    new Account(clock),
                    new Dispatch(
                            upstream,
                            parts.adapters(),
                            () -> ThreadLocalRandom.current().nextDouble()),
                    parts.tracing(),
                    new GuardrailStage(parts.guardrails(), clock),
                    new PaceDeployments(
                            parts.counters()::limiter,
                            parts.counters().queue(),
                            parts.counters().wakeups()));
        }

        /** These stages with {@code dispatch} in the last place. */
        Parts withDispatch(Interceptor newDispatch) {
            return new Parts(
                    meter,
                    conversation,
                    idempotency,
                    cache,
                    limits,
                    budgets,
                    account,
                    newDispatch,
                    tracing,
                    guardrails,
                    deployments);
        }
    }

    public static Pipeline of(Parts parts) {
        return of(parts, new Authenticate());
    }

    /**
     * The same stages with another way of knowing the caller in authentication's place (batch lines
     * run as the key that created their batch, which presents no secret).
     */
    public static Pipeline of(Parts parts, Interceptor authenticate) {
        Tracing t = parts.tracing();
        List<Interceptor> stages = new ArrayList<>();
        Interceptor traceRequest = t.requestStage();
        if (traceRequest != null) {
            stages.add(traceRequest); // the request's server span, ended after the meter's record
        }
        stages.addAll(List.of(
                parts.meter(), // response side: the usage record of every outcome, then access log and metrics
                new RouteHeaders(), // response side: x-gatehouse-provider/model/deployment/attempts/fallback/tier
                new RequireJson(), // a body that is not JSON is refused (415)
                new ReadOptions(), // x-gateway-options and the headers that mean the same -> RequestOptions
                t.stage("authenticate", authenticate), // who is calling (virtual key -> principal)
                new PermitOptions(), // may this key make those choices (403 naming the option)
                // a named prompt template rendered into the body, so validation and all after see the result
                t.stage("prompt", new RenderPrompt()),
                t.stage("validate", new ValidateRequest()), // is the request well-formed (-> canonical request)
                // a Responses request's previous_response_id: the kept conversation before it
                t.stage("conversation", parts.conversation()),
                // input guardrails: block, or redact before idempotency, the cache key and the provider
                // see the text; response side: output guardrails and restored placeholders
                t.stage("guardrails", parts.guardrails()),
                // a repeated Idempotency-Key gets the stored answer, uncharged
                t.stage("idempotency", parts.idempotency()),
                // an answer from the response cache: not routed, not charged (counts toward rpm)
                t.stage("cache", parts.cache()),
                t.stage("route", new RouteRequest()), // which provider and model serve it
                // reserve requests, tokens, parallel slots per key/user/team/global; settle after
                t.stage("limits", parts.limits()),
                // a deployment's own provider rpm/tpm: one at its limit is skipped, or the request waits
                t.stage("deployment_limits", parts.deployments()),
                // reserve the worst-case dollars at the routed deployments' prices; settle after
                t.stage("budgets", parts.budgets()),
                parts.account(), // response side: usage and timing of the answer
                parts.dispatch())); // call the provider (a client span per attempt), answer as JSON or a stream
        return new Pipeline(stages);
    }
}
