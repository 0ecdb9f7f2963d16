package dev.gatehouse.batch;

import dev.gatehouse.config.BatchSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.concurrent.Callable;

/**
 * What the Files and Batch endpoints and the runner share: the store, the bodies on disk, the
 * settings, and the runner's wake-up for a new or cancelled batch. Store and disk calls go through
 * {@link #blocking}, on a worker.
 */
public final class BatchService {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final InstantSource clock;
    private final BatchSettings settings;
    private final JdbcBatchStore store;
    private final FileBodies bodies;
    private volatile Runnable wake = () -> {};

    private BatchService(Vertx vertx, InstantSource clock, BatchSettings settings, JdbcBatchStore store) {
        this.vertx = vertx;
        this.clock = clock;
        this.settings = settings;
        this.store = store;
        this.bodies = new FileBodies(settings.dir());
    }

    public static BatchService open(Vertx vertx, InstantSource clock, BatchSettings settings, JdbcBatchStore store) {
        return new BatchService(vertx, clock, settings, store);
    }

    /** What to run when a batch was created or cancelled here, so the runner need not wait for its next look. */
    public void onChange(Runnable wake) {
        this.wake = wake;
    }

    void changed() {
        wake.run();
    }

    <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    Vertx vertx() {
        return vertx;
    }

    long nowMs() {
        return clock.millis();
    }

    BatchSettings settings() {
        return settings;
    }

    JdbcBatchStore store() {
        return store;
    }

    FileBodies bodies() {
        return bodies;
    }

    /** An id of OpenAI's look: a prefix and 24 random letters and digits. */
    static String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 24; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
