package dev.gatehouse.metering;

import dev.gatehouse.config.GatewayConfig;

/**
 * Told of every finished request once, right after its usage record was staged (the access log,
 * request metrics). Called on the request's event loop: it must not block.
 */
@FunctionalInterface
public interface RequestListener {

    /** @param config the config snapshot the request was served under */
    void finished(RequestSummary summary, GatewayConfig config);
}
