package dev.gatehouse.config;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A public model name (or pattern) and the deployments that serve it.
 *
 * @param name what clients ask for; {@code *} in it matches any run of characters
 * @param aliases other names for the same group
 * @param fallbacks groups to try, in order, when every deployment of this one failed
 * @param tiers for the complexity strategy: tier name ({@code simple}, {@code medium},
 *     {@code complex}) to group name; empty otherwise
 */
public record ModelGroup(
        String name,
        List<String> aliases,
        RoutingStrategy strategy,
        List<DeploymentSettings> deployments,
        List<String> fallbacks,
        Map<String, String> tiers) {

    public ModelGroup {
        aliases = List.copyOf(aliases);
        deployments = List.copyOf(deployments);
        fallbacks = List.copyOf(fallbacks);
        tiers = Map.copyOf(tiers);
    }

    /** A group of one deployment, as the short config form and the zero-config start write it. */
    public static ModelGroup single(String name, String provider, @Nullable String model) {
        return new ModelGroup(
                name,
                List.of(),
                RoutingStrategy.FALLBACK,
                List.of(DeploymentSettings.simple(provider, model)),
                List.of(),
                Map.of());
    }

    public boolean isPattern() {
        return Glob.isPattern(name);
    }
}
