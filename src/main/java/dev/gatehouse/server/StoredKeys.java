package dev.gatehouse.server;

import dev.gatehouse.auth.KeyChangeBus;
import dev.gatehouse.auth.KeyStore;
import dev.gatehouse.auth.RedisKeyChangeBus;
import dev.gatehouse.config.StateSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored keys the gateway serves: the last snapshot read from the {@link KeyStore}, reloaded
 * after an admin change here and, through the {@link KeyChangeBus}, after one on another instance.
 * The snapshot is read on a worker thread and swapped into the {@link GatewayState}, so requests
 * never read the store. Thread-safe.
 */
final class StoredKeys {

    private static final Logger LOG = LoggerFactory.getLogger(StoredKeys.class);

    private final Vertx vertx;
    private final KeyStore store;
    private final AtomicReference<GatewayState> state;
    private final KeyChangeBus bus;
    private final AtomicLong refreshes = new AtomicLong();
    private final Object lock = new Object();
    private long applied;
    private volatile KeyStore.Snapshot snapshot = new KeyStore.Snapshot(List.of(), List.of(), List.of());

    StoredKeys(Vertx vertx, KeyStore store, AtomicReference<GatewayState> state, StateSettings settings) {
        this.vertx = vertx;
        this.store = store;
        this.state = state;
        this.bus = settings.kind() == StateSettings.Kind.REDIS ? new RedisKeyChangeBus(vertx, settings.redisUrl()) : KeyChangeBus.LOCAL;
    }

    KeyStore store() {
        return store;
    }

    /** The last snapshot read; the first read happens in {@link #load()}. */
    KeyStore.Snapshot snapshot() {
        return snapshot;
    }

    /** Reads the first snapshot. Blocks (JDBC): call it on a worker thread. */
    void load() {
        snapshot = store.snapshot();
    }

    /** Starts listening for changes made on other instances. */
    Future<Void> listen() {
        return bus.start(() -> refresh().onFailure(e -> LOG.warn("key reload failed: {}", e.getMessage())));
    }

    /**
     * Reads the stored keys again (on a worker thread) and serves them. Refreshes may overlap; a
     * snapshot older than the one already applied is dropped, so the newest read always wins.
     */
    Future<Void> refresh() {
        long sequence = refreshes.incrementAndGet();
        return vertx.executeBlocking(store::snapshot, false).map(read -> {
            synchronized (lock) {
                if (sequence > applied) {
                    applied = sequence;
                    snapshot = read;
                    state.updateAndGet(s -> s.withStoredKeys(read));
                }
            }
            return null;
        });
    }

    /**
     * After an admin write: serve the change here now, and tell the other instances. A failed
     * publish does not fail the write (it is stored); the others reload when their subscription
     * comes back.
     */
    Future<Void> changed() {
        return refresh().compose(v -> bus.publish().recover(e -> {
            LOG.warn("could not tell other instances about a key change: {}", e.getMessage());
            return Future.succeededFuture();
        }));
    }

    Future<Void> close() {
        return bus.close();
    }
}
