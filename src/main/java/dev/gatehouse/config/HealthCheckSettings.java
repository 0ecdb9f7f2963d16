package dev.gatehouse.config;

import org.jspecify.annotations.Nullable;

/**
 * How the health checker probes one provider's deployments ({@code providers.<name>.health_check}).
 *
 * @param enabled false: the provider is never probed, and its breakers learn from live traffic alone
 * @param path the probe's path after {@code base_url}, with {@code {model}} filled in (URL-encoded);
 *     {@code null} for the dialect's own probe (its model listing or lookup)
 * @param method how the probe is sent; a POST carries an empty body
 */
public record HealthCheckSettings(boolean enabled, @Nullable String path, Method method) {

    /** The methods a probe may use: none of them asks for a generation. */
    public enum Method {
        GET,
        HEAD,
        POST
    }

    /** Probing on, with the dialect's own request. */
    public static final HealthCheckSettings DEFAULT = new HealthCheckSettings(true, null, Method.GET);
}
