package dev.gatehouse.routing;

import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.pipeline.Exchange;

/**
 * Where one request goes: a provider and the model name to ask it for.
 *
 * @param publicModel the name the client used
 * @param upstreamModel the name sent to the provider
 */
public record Route(String publicModel, ProviderSettings provider, String upstreamModel) {

    public static final Exchange.Key<Route> KEY = Exchange.Key.of("route");
}
