package dev.gatehouse.ratelimit;

import dev.gatehouse.auth.Principal;
import dev.gatehouse.config.QueuePolicy;
import dev.gatehouse.routing.RoutePlan;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Which limits of a request queue instead of refusing: a key's, user's or team's buckets follow
 * that scope's {@code queue}; the gateway's own buckets and a deployment's provider limit follow the
 * {@code queue} of the model group the request was routed to.
 */
final class QueuePolicies {

    private QueuePolicies() {}

    static Function<Bucket, @Nullable QueuePolicy> of(Principal principal, @Nullable RoutePlan plan) {
        QueuePolicy group = plan == null || plan.candidates().isEmpty()
                ? null
                : plan.candidates().get(0).group().queue();
        return b -> switch (b.scope()) {
            case "key" -> principal.keyLimits().scheduling().queue();
            case "user" -> principal.userLimits().scheduling().queue();
            case "team" -> principal.teamLimits().scheduling().queue();
            default -> group;
        };
    }

    /** Whether any of {@code buckets} queues, so the request needs the queue at all. */
    static boolean any(List<Bucket> buckets, Function<Bucket, @Nullable QueuePolicy> policies) {
        for (Bucket b : buckets) {
            if (policies.apply(b) != null) {
                return true;
            }
        }
        return false;
    }
}
