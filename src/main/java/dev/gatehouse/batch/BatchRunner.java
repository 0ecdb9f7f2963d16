package dev.gatehouse.batch;

import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the unfinished batches of the store, on one event loop of its own. Every {@link #LOOK_EVERY}
 * (and at once when a batch is created or cancelled here) it takes or renews the lease of each
 * unfinished batch; a batch whose lease another live instance holds is left to it, so one instance
 * at a time runs a batch, and one whose holder stopped renewing is taken over when the lease lapses.
 * Store and disk work runs on workers; lines run through the {@link LineRunner}.
 */
public final class BatchRunner extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    static final Duration LOOK_EVERY = Duration.ofSeconds(1);
    /** How long a lease lasts without renewal: long enough to survive slow store writes, short enough to take over. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** How long a stopping gateway lets the lines in flight finish before it gives up their results. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final BatchService service;
    private final LineRunner lines;
    private final GatewayClock clock;
    private final String holder = BatchService.newId("runner_");
    private final Map<String, BatchRun> running = new HashMap<>();
    private boolean looking;
    private boolean lookAgain;
    private boolean stopping;
    private GatewayClock.Timer next = GatewayClock.Timer.NONE;

    public BatchRunner(BatchService service, LineRunner lines, GatewayClock clock) {
        this.service = service;
        this.lines = lines;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        service.onChange(() -> context.runOnContext(v -> look()));
        look();
        return Future.succeededFuture();
    }

    /**
     * Runs no more lines, waits (a while) for those in flight to be recorded, and gives up the leases
     * so another instance, or this one restarted, takes the batches over at once.
     */
    public Future<Void> finish() {
        return Future.<Future<Void>>future(p -> context.runOnContext(v -> {
                    stopping = true;
                    next.cancel();
                    List<Future<Void>> drained = new ArrayList<>();
                    running.values().forEach(run -> drained.add(run.drained()));
                    p.complete(Future.all(drained)
                            .timeout(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                            .otherwiseEmpty()
                            .compose(x -> {
                                running.values().forEach(BatchRun::close);
                                return service.blocking(() -> {
                                    running.keySet()
                                            .forEach(id -> service.store().release(id, holder));
                                    return null;
                                });
                            }));
                }))
                .compose(f -> f);
    }

    private void look() {
        if (stopping) {
            return;
        }
        if (looking) {
            lookAgain = true;
            return;
        }
        looking = true;
        next.cancel();
        long now = clock.millis();
        service.blocking(() -> {
                    Map<String, BatchJob> leased = new LinkedHashMap<>();
                    for (String id : service.store().unfinished()) {
                        if (service.store().lease(id, holder, now, now + LEASE.toMillis())) {
                            service.store().batch(id).ifPresent(b -> leased.put(id, b));
                        }
                    }
                    return leased;
                })
                .onComplete(read -> {
                    looking = false;
                    if (read.failed()) {
                        LOG.warn("batch runner could not read the store: {}", String.valueOf(read.cause()));
                    } else if (!stopping) {
                        read.result().forEach((id, job) -> {
                            BatchRun run = running.get(id);
                            if (run == null) {
                                run = new BatchRun(job, service, lines, clock, () -> stopping, this::ended);
                                running.put(id, run);
                                run.begin();
                            } else {
                                run.seen(job);
                            }
                        });
                    }
                    if (stopping) {
                        return;
                    }
                    if (lookAgain) {
                        lookAgain = false;
                        look();
                    } else {
                        next = clock.schedule(LOOK_EVERY, this::look);
                    }
                });
    }

    /** A run ended (its batch reached a final status, or could not be read): its lease goes back. */
    private void ended(String id) {
        running.remove(id);
        service.blocking(() -> {
                    service.store().release(id, holder);
                    return null;
                })
                .onFailure(e -> LOG.warn("batch {}: could not release its lease: {}", id, String.valueOf(e)));
    }
}
