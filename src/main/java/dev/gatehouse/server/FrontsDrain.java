package dev.gatehouse.server;

import dev.gatehouse.metering.InFlight;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a graceful shutdown: closes every front's listener and waits for the requests
 * under way, cutting the connections still answering when the drain timeout passes (and saying how
 * many it cut).
 */
final class FrontsDrain {

    /** The server's logger: the drain's lines are part of the shutdown the server logs. */
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    /** After the gateway's own cut, how long Vert.x waits before it closes what is left itself. */
    private static final Duration CUT_BACKSTOP = Duration.ofSeconds(1);

    private final GatewayClock clock;
    private final List<HttpFront> fronts;
    private final InFlight inFlight;

    FrontsDrain(GatewayClock clock, List<HttpFront> fronts, InFlight inFlight) {
        this.clock = clock;
        this.fronts = fronts;
        this.inFlight = inFlight;
    }

    /** Closes the listeners and waits for the requests under way, for {@code timeout} at most. */
    Future<Void> run(Duration timeout) {
        LOG.info(
                "closing the listener: {} requests ({} streams) in flight get up to {} ms to finish",
                inFlight.requests(),
                inFlight.streams(),
                timeout.toMillis());
        // Vert.x would cut what is left at its own timeout; the gateway cuts first, to say so.
        Future<Void> drained = Future.all(fronts.stream()
                        .map(f -> f.drain(timeout.plus(CUT_BACKSTOP)))
                        .toList())
                .mapEmpty();
        GatewayClock.Timer deadline = clock.schedule(timeout, () -> {
            if (drained.isComplete()) {
                return;
            }
            LOG.warn(
                    "drain timeout of {} ms passed: cutting {} requests ({} streams) still in flight",
                    timeout.toMillis(),
                    inFlight.requests(),
                    inFlight.streams());
            fronts.forEach(HttpFront::cut);
        });
        return drained.onComplete(done -> deadline.cancel());
    }
}
