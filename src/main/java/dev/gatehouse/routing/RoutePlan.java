package dev.gatehouse.routing;

import dev.gatehouse.pipeline.Exchange;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The deployments a request may use, best first: the requested group's deployments in its
 * strategy's order, then each fallback group's.
 *
 * @param tier the complexity tier chosen for an {@code auto}-style group, or null
 */
public record RoutePlan(
        String publicModel,
        List<Candidate> candidates,
        @Nullable String tier) {

    public static final Exchange.Key<RoutePlan> KEY = Exchange.Key.of("route-plan");

    public RoutePlan {
        candidates = List.copyOf(candidates);
    }
}
