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
 * @param cache the group's {@code cache:} section merged over the top level's, or {@code null} when it has none
 * @param queue how a request waits when every deployment of the group is at its provider rate limit;
 *     {@code null}: it is refused at once
 */
public record ModelGroup(
        String name,
        List<String> aliases,
        RoutingStrategy strategy,
        List<DeploymentSettings> deployments,
        List<String> fallbacks,
        Map<String, String> tiers,
        @Nullable CacheSettings cache,
        @Nullable QueuePolicy queue) {

    /** A group that does not queue. */
    public ModelGroup(
            String name,
            List<String> aliases,
            RoutingStrategy strategy,
            List<DeploymentSettings> deployments,
            List<String> fallbacks,
            Map<String, String> tiers,
            @Nullable CacheSettings cache) {
        this(name, aliases, strategy, deployments, fallbacks, tiers, cache, null);
    }

    /** A group without a {@code cache:} section of its own. */
    public ModelGroup(
            String name,
            List<String> aliases,
            RoutingStrategy strategy,
            List<DeploymentSettings> deployments,
            List<String> fallbacks,
            Map<String, String> tiers) {
        this(name, aliases, strategy, deployments, fallbacks, tiers, null);
    }

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

    /**
     * The model name {@code deployment} (one of this group's) sends upstream: its own {@code model};
     * without one, the group's name, whichever alias or fallback chain led here; for a pattern
     * group, which has no name a provider knows, the name the client asked for.
     */
    public String upstreamModel(DeploymentSettings deployment, String requested) {
        if (deployment.model() != null) {
            return deployment.model();
        }
        return isPattern() ? requested : name;
    }

    /** True when some deployment sends the requested name on, which only a name the pattern matches can be. */
    boolean sendsRequestedName() {
        return isPattern() && deployments.stream().anyMatch(d -> d.model() == null);
    }
}
