package dev.gatehouse.server;

import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Notices when the config file changes and triggers a reload. Once a second, on a worker thread,
 * it reads the file's time, size and a checksum of its bytes: a {@code WatchService} misses edits
 * made by swapping a symlink (Kubernetes ConfigMaps) and needs a thread of its own, while reading a
 * small file once a second costs nothing and catches two edits within one timestamp tick.
 */
final class ConfigWatcher {

    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final GatewayClock clock;
    private final Path file;
    /** Starts a reload; it reports its own outcome, so the watcher has nothing to wait for. */
    private final Runnable reload;

    private volatile GatewayClock.Timer timer = GatewayClock.Timer.NONE;
    private volatile boolean stopped;
    private @Nullable String lastSeen;

    ConfigWatcher(Vertx vertx, GatewayClock clock, Path file, Runnable reload) {
        this.vertx = vertx;
        this.clock = clock;
        this.file = file;
        this.reload = reload;
    }

    /** Reads the file's first fingerprint; completes once the polls are scheduled. */
    Future<Void> start() {
        return vertx.executeBlocking(this::fingerprint, false).map(first -> {
            lastSeen = first;
            pollLater();
            return null;
        });
    }

    /** The next poll is scheduled once this one is done, so two never overlap on a slow disk. */
    private void pollLater() {
        if (stopped) {
            return;
        }
        timer = clock.schedule(
                POLL_INTERVAL,
                () -> vertx.executeBlocking(this::fingerprint, false).onComplete(read -> {
                    String now = read.result();
                    if (now != null && !now.equals(lastSeen)) {
                        lastSeen = now;
                        reload.run();
                    }
                    pollLater();
                }));
    }

    void stop() {
        stopped = true;
        timer.cancel();
    }

    private @Nullable String fingerprint() {
        try {
            Path real = file.toRealPath();
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(Files.readAllBytes(real));
            return attributes.lastModifiedTime().toMillis() + ":" + attributes.size() + ":" + crc.getValue() + ":"
                    + real;
        } catch (IOException e) {
            return null;
        }
    }
}
