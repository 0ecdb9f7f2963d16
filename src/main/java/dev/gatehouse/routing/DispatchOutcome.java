package dev.gatehouse.routing;

import dev.gatehouse.pipeline.Exchange;

/**
 * How dispatch went, for response headers and the access log.
 *
 * @param attempts upstream calls made, retries and fallbacks included
 * @param deployment the id of the deployment that answered (or was tried last)
 * @param fallback whether the answer came from other than the plan's first deployment
 */
public record DispatchOutcome(int attempts, String deployment, boolean fallback) {

    public static final Exchange.Key<DispatchOutcome> KEY = Exchange.Key.of("dispatch-outcome");
}
