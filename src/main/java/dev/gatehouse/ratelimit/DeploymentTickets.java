package dev.gatehouse.ratelimit;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.routing.Candidate;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment reservations of one request, one per deployment it is sent to. {@link
 * PaceDeployments} takes the first; dispatch asks {@link #admit} before it falls back to another
 * deployment, so every deployment a request reaches counts it against its own {@code rpm}/{@code
 * tpm}, not only the one chosen first. At the end the deployment that answered settles to the real
 * usage and the others that were tried are released (their tokens come back; the request still
 * counts, as it does at the provider). Event-loop confined; one per request.
 */
public final class DeploymentTickets {

    public static final Exchange.Key<DeploymentTickets> KEY = Exchange.Key.of("deployment-tickets");

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentTickets.class);

    private final RateLimiter limits;
    private final QueueWakeups wakeups;
    private final Function<Candidate, Reservation> ticketFor;
    private final Map<String, Reservation> held = new LinkedHashMap<>();

    DeploymentTickets(RateLimiter limits, QueueWakeups wakeups, Function<Candidate, Reservation> ticketFor) {
        this.limits = limits;
        this.wakeups = wakeups;
        this.ticketFor = ticketFor;
    }

    /** Records a reservation already admitted for {@code deploymentId}. */
    void hold(String deploymentId, Reservation r) {
        held.put(deploymentId, r);
    }

    /**
     * Whether {@code c} may be sent this request: at once when it already holds its ticket or has no
     * limit; otherwise its buckets are reserved now, without waiting.
     *
     * @return null when admitted, else the 429 naming the deployment's full limit
     */
    public Future<@Nullable GatewayError> admit(Candidate c) {
        if (held.containsKey(c.id())) {
            return Future.succeededFuture(null);
        }
        Reservation r = ticketFor.apply(c);
        if (r.buckets().isEmpty()) {
            return Future.succeededFuture(null);
        }
        return limits.reserve(r).map(d -> {
            if (!d.admitted()) {
                return EnforceLimits.refusal(d, r);
            }
            held.put(c.id(), r);
            return null;
        });
    }

    /** Settles the deployment that answered with {@code usage} and releases every other one tried. */
    void settle(@Nullable String answered, Usage usage) {
        held.forEach((id, r) -> {
            if (id.equals(answered)) {
                done(r, limits.settle(r, usage.inputTokens(), usage.outputTokens()), "settle");
            } else {
                done(r, limits.release(r), "release");
            }
        });
    }

    /** No answer came: every deployment tried gets its tokens back. */
    void releaseAll() {
        held.values().forEach(r -> done(r, limits.release(r), "release"));
    }

    private void done(Reservation r, Future<Void> work, String what) {
        List<String> names = r.buckets().stream().map(Bucket::name).toList();
        work.onSuccess(v -> wakeups.freed(names))
                .onFailure(e -> LOG.warn("deployment limit {} failed: {}", what, e.getMessage()));
    }
}
