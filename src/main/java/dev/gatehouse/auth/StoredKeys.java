package dev.gatehouse.auth;

import dev.gatehouse.config.StateSettings;
import dev.gatehouse.redis.RedisClients;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored keys the gateway serves: the last snapshot read from the {@link KeyStore}, reloaded
 * after an admin change here and, after one on another instance, when the {@link KeyChangeBus}
 * brings the news or, at the latest, when the {@link KeyChangePoll} sees the store's change
 * sequence move ({@code state.key_poll_interval}). The snapshot is read on a worker thread and
 * handed to the gateway state (which swaps it in), so requests never read the store. Thread-safe.
 */
public final class StoredKeys {

    private static final Logger LOG = LoggerFactory.getLogger(StoredKeys.class);

    private final Vertx vertx;
    private final KeyStore store;
    private final Consumer<KeyStore.Snapshot> serve;
    private final KeyChangeBus bus;
    private final @Nullable KeyChangePoll poll;
    private final AtomicLong refreshes = new AtomicLong();
    private final Object lock = new Object();
    private long applied;
    private volatile KeyStore.Snapshot snapshot = new KeyStore.Snapshot(List.of(), List.of(), List.of());
    /** The store's change sequence read just before the served snapshot: it holds every change up to it. */
    private volatile long servedSequence = -1;

    /** A snapshot and the change sequence read just before it. */
    private record Read(long sequence, KeyStore.Snapshot snapshot) {}

    /**
     * @param clock times the change bus's reconnects and the change sequence polls
     * @param serve swaps a newer snapshot into the state requests read; called under a lock, in order
     */
    public StoredKeys(
            Vertx vertx,
            GatewayClock clock,
            KeyStore store,
            Consumer<KeyStore.Snapshot> serve,
            StateSettings settings) {
        this.vertx = vertx;
        this.store = store;
        this.serve = serve;
        this.bus = settings.kind() == StateSettings.Kind.REDIS
                ? new RedisKeyChangeBus(vertx, clock, RedisClients.options(settings), settings.keyPrefix())
                : KeyChangeBus.LOCAL;
        this.poll = settings.pollsKeyChanges()
                ? new KeyChangePoll(
                        vertx, clock, settings.keyPollInterval(), store, () -> servedSequence, this::refresh)
                : null;
    }

    public KeyStore store() {
        return store;
    }

    /** The last snapshot read; the first read happens in {@link #load()}. */
    public KeyStore.Snapshot snapshot() {
        return snapshot;
    }

    /** Reads the first snapshot. Blocks (JDBC): call it on a worker thread. */
    public void load() {
        Read read = read();
        servedSequence = read.sequence();
        snapshot = read.snapshot();
    }

    private Read read() {
        long sequence = store.changeSequence();
        return new Read(sequence, store.snapshot());
    }

    /** Starts listening for changes made on other instances, and polling for those the bus misses. */
    public Future<Void> listen() {
        return listen(() -> {});
    }

    /**
     * As {@link #listen()}; {@code alsoOnNews} runs as well whenever the bus brings news, for the
     * other stored config that travels on it (prompt templates, {@link #tellOthers()}).
     */
    public Future<Void> listen(Runnable alsoOnNews) {
        if (poll != null) {
            poll.start();
        }
        return bus.start(() -> {
            refresh().onFailure(e -> LOG.warn("key reload failed: {}", e.getMessage()));
            alsoOnNews.run();
        });
    }

    /**
     * Reads the stored keys again (on a worker thread) and serves them. Refreshes may overlap; a
     * snapshot older than the one already applied is dropped, so the newest read always wins.
     */
    public Future<Void> refresh() {
        long sequence = refreshes.incrementAndGet();
        return vertx.executeBlocking(this::read, false).map(read -> {
            synchronized (lock) {
                if (sequence > applied) {
                    applied = sequence;
                    servedSequence = read.sequence();
                    snapshot = read.snapshot();
                    serve.accept(read.snapshot());
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
    public Future<Void> changed() {
        return refresh().compose(v -> tellOthers());
    }

    /**
     * Tells the other instances that stored config changed, without rereading the keys here. A
     * failed publish is logged and does not fail the caller: the others catch up by their polls.
     */
    public Future<Void> tellOthers() {
        return bus.publish().recover(e -> {
            LOG.warn("could not tell other instances about a stored change: {}", e.getMessage());
            return Future.succeededFuture();
        });
    }

    public Future<Void> close() {
        if (poll != null) {
            poll.stop();
        }
        return bus.close();
    }
}
