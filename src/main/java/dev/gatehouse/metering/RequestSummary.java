package dev.gatehouse.metering;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RoutePlan;
import org.jspecify.annotations.Nullable;

/**
 * Everything the gateway tells about one finished request: its {@link UsageRecord} (what is
 * stored) and the request line and routing facts the access log and metrics add to it. Built once,
 * by the {@link Meter} stage, and handed to every {@link RequestListener}.
 *
 * @param stream whether the client asked for a stream, or null when the request was never read
 * @param upstreamModel the model name sent to the provider, or null when none was called
 * @param tier the complexity tier routing chose, or null when the model group has none
 */
public record RequestSummary(
        UsageRecord usage,
        String method,
        String path,
        @Nullable Boolean stream,
        @Nullable String upstreamModel,
        @Nullable String tier) {

    static RequestSummary of(UsageRecord usage, Exchange ex) {
        CanonicalRequest request = ex.find(CanonicalRequest.KEY);
        Route route = ex.find(Route.KEY);
        RoutePlan plan = ex.find(RoutePlan.KEY);
        return new RequestSummary(
                usage,
                ex.request().method(),
                ex.request().path(),
                request == null ? null : request.stream(),
                route == null ? null : route.upstreamModel(),
                plan == null ? null : plan.tier());
    }

    /** The error that ended the request before its answer began, or null. */
    public @Nullable String errorCode() {
        return usage.status() != 200 ? usage.errorType() : null;
    }

    /** The error that broke a stream after its answer began (status 200), or null. */
    public @Nullable String streamError() {
        return usage.status() == 200 ? usage.errorType() : null;
    }
}
