package dev.gatehouse.prompts;

import dev.gatehouse.prompts.template.PromptTemplate;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored templates the gateway serves: the last read of the {@link PromptStore}, read again on a
 * worker thread after an admin change here and, after one on another instance, when the store's
 * change sequence has moved (polled every {@code state.key_poll_interval}, on a worker thread; the
 * next poll is scheduled when this one is done). Each read is handed to the gateway state, which swaps
 * it in, so requests never read the store. Overlapping rereads apply newest-wins. Thread-safe.
 */
public final class StoredPrompts {

    private static final Logger LOG = LoggerFactory.getLogger(StoredPrompts.class);

    private final Vertx vertx;
    private final GatewayClock clock;
    private final PromptStore store;
    private final Consumer<List<PromptTemplate>> serve;
    private final Duration pollInterval;
    private final AtomicLong refreshes = new AtomicLong();
    private final Object lock = new Object();
    private long applied;
    private volatile List<PromptTemplate> templates = List.of();
    /** The change sequence read just before the served templates: they hold every change up to it. */
    private volatile long servedSequence = -1;

    private volatile GatewayClock.Timer timer = GatewayClock.Timer.NONE;
    private volatile boolean stopped;
    private volatile boolean failing;

    private record Read(long sequence, List<PromptTemplate> templates) {}

    /**
     * @param serve swaps newer templates into the state requests read; called under a lock, in order
     * @param pollInterval how often to look for changes made elsewhere; zero polls never
     */
    public StoredPrompts(
            Vertx vertx,
            GatewayClock clock,
            PromptStore store,
            Consumer<List<PromptTemplate>> serve,
            Duration pollInterval) {
        this.vertx = vertx;
        this.clock = clock;
        this.store = store;
        this.serve = serve;
        this.pollInterval = pollInterval;
    }

    public PromptStore store() {
        return store;
    }

    /** The templates last read; the first read happens in {@link #load()}. */
    public List<PromptTemplate> templates() {
        return templates;
    }

    /** Reads the first templates. Blocks (JDBC): call it on a worker thread. */
    public void load() {
        Read read = read();
        servedSequence = read.sequence();
        templates = read.templates();
    }

    private Read read() {
        long sequence = store.changeSequence();
        return new Read(sequence, StoredTemplates.read(store.all()));
    }

    /** Starts polling for changes made on other instances. */
    public void listen() {
        if (!pollInterval.isZero()) {
            pollLater();
        }
    }

    /** Reads the templates again on a worker thread and serves them; the newest read wins. */
    public Future<Void> refresh() {
        long sequence = refreshes.incrementAndGet();
        return vertx.executeBlocking(this::read, false).map(read -> {
            synchronized (lock) {
                if (sequence > applied) {
                    applied = sequence;
                    servedSequence = read.sequence();
                    templates = read.templates();
                    serve.accept(read.templates());
                }
            }
            return null;
        });
    }

    public void close() {
        stopped = true;
        timer.cancel();
    }

    private void pollLater() {
        if (stopped) {
            return;
        }
        timer = clock.schedule(pollInterval, () -> poll().onComplete(done -> pollLater()));
    }

    private Future<Void> poll() {
        return vertx.executeBlocking(store::changeSequence, false)
                .compose(sequence -> sequence <= servedSequence ? Future.<Void>succeededFuture() : refresh())
                .onSuccess(v -> {
                    if (failing) {
                        failing = false;
                        LOG.info("prompt change poll: the prompt store answers again");
                    }
                })
                .onFailure(e -> {
                    if (!failing) {
                        failing = true;
                        LOG.warn(
                                "prompt change poll: cannot read the prompt store ({}); templates are served as"
                                        + " last read until it answers",
                                e.getMessage());
                    }
                });
    }
}
