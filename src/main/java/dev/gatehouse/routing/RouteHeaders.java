package dev.gatehouse.routing;

import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import io.vertx.core.Future;

/**
 * Pipeline stage, response side: tells the client where its request went, on answers and errors
 * alike ({@code x-gatehouse-provider}, {@code -model}, {@code -deployment}, {@code -attempts},
 * {@code -fallback}, {@code -tier}), from what routing and dispatch left on the exchange.
 */
public final class RouteHeaders implements Interceptor {

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        return chain.proceed(ex).andThen(done -> put(ex));
    }

    private static void put(Exchange ex) {
        Route route = ex.find(Route.KEY);
        if (route != null) {
            ex.replyHeader("x-gatehouse-provider", route.provider().name());
            ex.replyHeader("x-gatehouse-model", route.upstreamModel());
        }
        DispatchOutcome outcome = ex.find(DispatchOutcome.KEY);
        if (outcome != null) {
            ex.replyHeader("x-gatehouse-deployment", outcome.deployment());
            ex.replyHeader("x-gatehouse-attempts", Integer.toString(outcome.attempts()));
            ex.replyHeader("x-gatehouse-fallback", Boolean.toString(outcome.fallback()));
        }
        RoutePlan plan = ex.find(RoutePlan.KEY);
        if (plan != null && plan.tier() != null) {
            ex.replyHeader("x-gatehouse-tier", plan.tier());
        }
    }
}
