package dev.gatehouse.configstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.auth.KeyChangeBus;
import dev.gatehouse.config.StoredConfigMerge;
import dev.gatehouse.json.Json;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored providers and models this instance serves: the last read of the {@link ConfigStore},
 * with credentials opened, read again on a worker thread after an admin change here, on news from
 * another instance over the {@link KeyChangeBus} (Redis pub/sub), and when the polled change sequence
 * moved past the one last read (the fallback for a lost message; the only news without Redis). Each
 * read is handed to the server, which merges it with the config file and swaps the gateway state;
 * overlapping reads are served newest-wins. Thread-safe.
 */
public final class StoredConfig {

    private static final Logger LOG = LoggerFactory.getLogger(StoredConfig.class);

    /**
     * One read of the store.
     *
     * @param unreadable entries left out because their credentials did not open, as {@code kind name}
     */
    public record Snapshot(
            long sequence,
            List<StoredConfigMerge.Entry> providers,
            List<StoredConfigMerge.Entry> models,
            List<String> unreadable) {

        public static final Snapshot EMPTY = new Snapshot(-1, List.of(), List.of(), List.of());
    }

    private final Vertx vertx;
    private final GatewayClock clock;
    private final ConfigStore store;
    private final @Nullable SecretBox box;
    private final KeyChangeBus bus;
    private final Duration pollInterval;
    private final Function<Snapshot, Future<Void>> serve;
    private final AtomicLong reads = new AtomicLong();
    private final Object lock = new Object();
    private long applied;
    private volatile Snapshot served = Snapshot.EMPTY;
    private volatile GatewayClock.Timer timer = GatewayClock.Timer.NONE;
    private volatile boolean stopped;
    private volatile boolean failing;

    /**
     * @param box opens sealed credentials; null when no secrets key is set (entries with credentials are then left out)
     * @param serve merges a read into the served config; called in read order, its future completes once served
     */
    public StoredConfig(
            Vertx vertx,
            GatewayClock clock,
            ConfigStore store,
            @Nullable SecretBox box,
            KeyChangeBus bus,
            Duration pollInterval,
            Function<Snapshot, Future<Void>> serve) {
        this.vertx = vertx;
        this.clock = clock;
        this.store = store;
        this.box = box;
        this.bus = bus;
        this.pollInterval = pollInterval;
        this.serve = serve;
    }

    public ConfigStore store() {
        return store;
    }

    public @Nullable SecretBox box() {
        return box;
    }

    /** The read now served. */
    public Snapshot served() {
        return served;
    }

    /** Reads the first snapshot. Blocks (JDBC): call it on a worker thread. */
    public Snapshot load() {
        Snapshot first = read();
        served = first;
        return first;
    }

    /** Reads the store and opens the credentials. Blocks (JDBC): call it on a worker thread. */
    public Snapshot read() {
        long sequence = store.changeSequence();
        List<StoredConfigMerge.Entry> providers = new ArrayList<>();
        List<StoredConfigMerge.Entry> models = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (StoredEntry entry : store.all()) {
            ObjectNode definition = opened(entry, unreadable);
            if (definition == null) {
                continue;
            }
            (entry.kind() == EntryKind.PROVIDER ? providers : models)
                    .add(new StoredConfigMerge.Entry(entry.name(), definition));
        }
        return new Snapshot(sequence, providers, models, unreadable);
    }

    /** The entry's definition with its credentials opened, or null (and a log line) when they do not open. */
    private @Nullable ObjectNode opened(StoredEntry entry, List<String> unreadable) {
        String sealed = entry.sealedSecrets();
        if (sealed == null) {
            return entry.definition();
        }
        String what = entry.kind().wire() + " " + entry.name();
        if (box == null) {
            unreadable.add(what);
            LOG.error(
                    "stored config: {} has sealed credentials but no secrets key is set ({}); it is not served",
                    what,
                    dev.gatehouse.config.StoredConfigSettings.KEY_VARIABLE);
            return null;
        }
        try {
            JsonNode secrets = Json.parse(box.open(sealed, context(entry.kind(), entry.name())));
            return ProviderCredentials.join(entry.definition(), secrets instanceof ObjectNode o ? o : null);
        } catch (SecretBox.CannotOpen e) {
            unreadable.add(what);
            LOG.error("stored config: the credentials of {} {}; it is not served", what, e.getMessage());
            return null;
        }
    }

    /** What a sealed credential is bound to: its entry. */
    public static String context(EntryKind kind, String name) {
        return kind.wire() + ":" + name;
    }

    /** After a write here: serves the store's new state, then tells the other instances. */
    public Future<Void> changed() {
        return refresh().compose(v -> bus.publish().otherwiseEmpty());
    }

    /** Reads the store again on a worker thread and serves it; the newest read wins. */
    public Future<Void> refresh() {
        long number = reads.incrementAndGet();
        return vertx.executeBlocking(this::read, false).compose(read -> {
            synchronized (lock) {
                if (number <= applied) {
                    return Future.<Void>succeededFuture();
                }
                applied = number;
                served = read;
                return serve.apply(read);
            }
        });
    }

    /** Starts listening for news from other instances and polling the change sequence. */
    public Future<Void> listen() {
        if (!pollInterval.isZero()) {
            pollLater();
        }
        return bus.start(() ->
                refresh().onFailure(e -> LOG.warn("stored config: reread after news failed: {}", e.getMessage())));
    }

    public Future<Void> close() {
        stopped = true;
        timer.cancel();
        return bus.close();
    }

    private void pollLater() {
        if (stopped) {
            return;
        }
        timer = clock.schedule(pollInterval, () -> poll().onComplete(done -> pollLater()));
    }

    private Future<Void> poll() {
        return vertx.executeBlocking(store::changeSequence, false)
                .compose(sequence -> sequence <= served.sequence() ? Future.<Void>succeededFuture() : refresh())
                .onSuccess(v -> {
                    if (failing) {
                        failing = false;
                        LOG.info("stored config poll: the store answers again");
                    }
                })
                .onFailure(e -> {
                    if (!failing) {
                        failing = true;
                        LOG.warn(
                                "stored config poll: cannot read or serve the stored config ({}); serving it as last"
                                        + " read",
                                e.getMessage());
                    }
                });
    }
}
