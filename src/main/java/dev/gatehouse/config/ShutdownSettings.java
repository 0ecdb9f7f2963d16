package dev.gatehouse.config;

import java.time.Duration;

/**
 * How the gateway stops on SIGTERM (or {@code Gatehouse.stop()}): {@code /readyz} turns unready at
 * once, new connections are still served for {@code gracePeriod} so a load balancer can notice and
 * stop sending, then the listener closes and the requests and streams under way get up to
 * {@code drainTimeout} to finish before they are cut.
 *
 * @param gracePeriod how long the gateway keeps accepting connections after it turned unready
 * @param drainTimeout how long requests in flight may take to finish once the listener closed
 */
public record ShutdownSettings(Duration gracePeriod, Duration drainTimeout) {

    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    public static ShutdownSettings defaults() {
        return new ShutdownSettings(DEFAULT_GRACE_PERIOD, DEFAULT_DRAIN_TIMEOUT);
    }

    static ShutdownSettings read(ConfigNode node) {
        ShutdownSettings s = new ShutdownSettings(
                node.duration("grace_period", DEFAULT_GRACE_PERIOD),
                node.duration("drain_timeout", DEFAULT_DRAIN_TIMEOUT));
        node.finish();
        return s;
    }
}
