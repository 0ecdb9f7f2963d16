package dev.gatehouse.responsestore;

import dev.gatehouse.time.GatewayClock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes kept responses past their retention at start and then every {@link #INTERVAL}, through the
 * archive (store calls on worker threads). Expired rows are never read meanwhile; this only frees space.
 */
public final class ResponsePurge {

    private static final Logger LOG = LoggerFactory.getLogger(ResponsePurge.class);
    static final Duration INTERVAL = Duration.ofHours(1);

    private final ResponseArchive archive;
    private final GatewayClock clock;
    private volatile boolean stopped;
    private volatile GatewayClock.Timer next = GatewayClock.Timer.NONE;

    public ResponsePurge(ResponseArchive archive, GatewayClock clock) {
        this.archive = archive;
        this.clock = clock;
    }

    public void start() {
        archive.purgeExpired().onComplete(done -> {
            if (done.failed()) {
                LOG.warn("purging expired responses failed, trying again in {}", INTERVAL, done.cause());
            } else if (done.result() > 0) {
                LOG.info("purged {} expired responses", done.result());
            }
            if (!stopped) {
                next = clock.schedule(INTERVAL, this::start);
            }
        });
    }

    public void stop() {
        stopped = true;
        next.cancel();
    }
}
