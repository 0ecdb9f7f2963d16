package dev.gatehouse.server;

import dev.gatehouse.pipeline.Pipeline;
import dev.gatehouse.api.ValidateRequest;
import dev.gatehouse.auth.Authenticate;
import dev.gatehouse.budget.ChargeBudgets;
import dev.gatehouse.idempotency.Idempotency;
import dev.gatehouse.dispatch.Dispatch;
import dev.gatehouse.ratelimit.EnforceLimits;
import dev.gatehouse.routing.RouteRequest;
import dev.gatehouse.metering.Account;
import java.util.List;

/**
 * The one list of stage order: reading it tells the life of every request that reaches a provider.
 */
public final class Stages {

    private Stages() {}

    public static Pipeline of(Authenticate authenticate, ValidateRequest validate, Idempotency idempotency, RouteRequest route,
            EnforceLimits limits, ChargeBudgets budgets, Account account, Dispatch dispatch) {
        return new Pipeline(List.of(
                authenticate, // who is calling (virtual key -> principal)
                validate,     // is the request well-formed (-> canonical request)
                idempotency,  // a repeated Idempotency-Key gets the stored answer, uncharged
                route,        // which provider and model serve it
                limits,       // reserve requests, tokens, parallel slots per key/user/team/global; settle after
                budgets,      // reserve the worst-case dollars at the routed deployments' prices; settle after
                account,      // response side: usage of the answer
                dispatch));   // call the provider, answer as JSON or a stream
    }
}
