package dev.gatehouse.provider;

import dev.gatehouse.config.ProviderSettings;

/**
 * An optional ability of a provider adapter: a cheap request that shows whether a deployment is
 * reachable and answering, without generating tokens (a model listing or lookup), or the request
 * the provider's {@code health_check} section configures instead. Pure.
 */
public interface HealthProbe {

    /** The probe request for {@code model} at {@code provider}. */
    UpstreamRequest healthCheck(ProviderSettings provider, String model);
}
