package dev.gatehouse.routing;

import dev.gatehouse.config.DeploymentSettings;
import dev.gatehouse.config.ModelGroup;
import dev.gatehouse.config.ProviderSettings;

/**
 * One deployment a request may be sent to, in plan order.
 *
 * @param group the model group it came from (the requested one, or a fallback group)
 * @param provider the provider, with the deployment's timeout overrides applied
 * @param upstreamModel the model name sent to the provider
 * @param fallback true when it belongs to a fallback group rather than the requested one
 */
public record Candidate(
        ModelGroup group,
        DeploymentSettings deployment,
        ProviderSettings provider,
        String upstreamModel,
        DeploymentStats stats,
        boolean fallback) {

    public String id() {
        return stats.id();
    }

    public Route route(String publicModel) {
        return new Route(publicModel, provider, upstreamModel);
    }
}
