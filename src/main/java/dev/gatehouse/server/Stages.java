package dev.gatehouse.server;

import dev.gatehouse.api.ReadOptions;
import dev.gatehouse.api.RequireJson;
import dev.gatehouse.api.ValidateRequest;
import dev.gatehouse.auth.Authenticate;
import dev.gatehouse.auth.PermitOptions;
import dev.gatehouse.budget.ChargeBudgets;
import dev.gatehouse.cache.ServeFromCache;
import dev.gatehouse.dispatch.Dispatch;
import dev.gatehouse.idempotency.Idempotency;
import dev.gatehouse.metering.Account;
import dev.gatehouse.metering.Meter;
import dev.gatehouse.pipeline.Pipeline;
import dev.gatehouse.ratelimit.EnforceLimits;
import dev.gatehouse.responsestore.ContinueConversation;
import dev.gatehouse.routing.RouteHeaders;
import dev.gatehouse.routing.RouteRequest;
import java.util.List;

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
            Dispatch dispatch) {}

    public static Pipeline of(Parts parts) {
        return new Pipeline(List.of(
                parts.meter(), // response side: the usage record of every outcome, then access log and metrics
                new RouteHeaders(), // response side: x-gatehouse-provider/model/deployment/attempts/fallback/tier
                new RequireJson(), // a body that is not JSON is refused (415)
                new ReadOptions(), // x-gateway-options and the headers that mean the same -> RequestOptions
                new Authenticate(), // who is calling (virtual key -> principal)
                new PermitOptions(), // may this key make those choices (403 naming the option)
                new ValidateRequest(), // is the request well-formed (-> canonical request)
                parts.conversation(), // a Responses request's previous_response_id: the kept conversation before it
                parts.idempotency(), // a repeated Idempotency-Key gets the stored answer, uncharged
                parts.cache(), // an answer from the response cache: not routed, not charged (counts toward rpm)
                new RouteRequest(), // which provider and model serve it
                parts.limits(), // reserve requests, tokens, parallel slots per key/user/team/global; settle after
                parts.budgets(), // reserve the worst-case dollars at the routed deployments' prices; settle after
                parts.account(), // response side: usage and timing of the answer
                parts.dispatch())); // call the provider, answer as JSON or a stream
    }
}
