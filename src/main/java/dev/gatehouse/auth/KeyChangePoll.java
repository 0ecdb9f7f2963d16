package dev.gatehouse.auth;

import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the key store's change sequence every interval and asks for a reload when it passed the
 * sequence the served keys were read at. This is the bound on how late a change (a revocation)
 * reaches an instance: the {@link KeyChangeBus} is usually faster, but pub/sub loses what is sent
 * while an instance is cut off from Redis. The read runs on a worker thread; the next poll is
 * scheduled once this one is done, so two never overlap on a slow store. Thread-safe.
 */
final class KeyChangePoll {

    private static final Logger LOG = LoggerFactory.getLogger(KeyChangePoll.class);

    private final Vertx vertx;
    private final GatewayClock clock;
    private final Duration interval;
    private final KeyStore store;
    private final LongSupplier served;
    private final Supplier<Future<Void>> reload;
    private volatile GatewayClock.Timer timer = GatewayClock.Timer.NONE;
    private volatile boolean stopped;
    private volatile boolean failing;

    /**
     * @param served the change sequence the keys now served were read at
     * @param reload reads and serves the keys again
     */
    KeyChangePoll(
            Vertx vertx,
            GatewayClock clock,
            Duration interval,
            KeyStore store,
            LongSupplier served,
            Supplier<Future<Void>> reload) {
        this.vertx = vertx;
        this.clock = clock;
        this.interval = interval;
        this.store = store;
        this.served = served;
        this.reload = reload;
    }

    void start() {
        pollLater();
    }

    void stop() {
        stopped = true;
        timer.cancel();
    }

    private void pollLater() {
        if (stopped) {
            return;
        }
        timer = clock.schedule(interval, () -> poll().onComplete(done -> pollLater()));
    }

    private Future<Void> poll() {
        return vertx.executeBlocking(store::changeSequence, false)
                .compose(sequence -> {
                    if (sequence <= served.getAsLong()) {
                        return Future.<Void>succeededFuture();
                    }
                    LOG.debug("key store changed (sequence {}); reloading keys", sequence);
                    return reload.get();
                })
                .onSuccess(v -> {
                    if (failing) {
                        failing = false;
                        LOG.info("key change poll: the key store answers again");
                    }
                })
                .onFailure(e -> {
                    if (!failing) {
                        failing = true;
                        LOG.warn(
                                "key change poll: cannot read the key store's change sequence ({}); keys are served as "
                                        + "last read until it answers",
                                e.getMessage());
                    }
                });
    }
}
