package dev.gatehouse.server;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Notices when the config file changes and triggers a reload. Once a second, on a worker thread,
 * it reads the file's time, size and a checksum of its bytes: a {@code WatchService} misses edits
 * made by swapping a symlink (Kubernetes ConfigMaps) and needs a thread of its own, while reading a
 * small file once a second costs nothing and catches two edits within one timestamp tick.
 */
final class ConfigWatcher {

    private static final long POLL_MILLIS = 1000;

    private final Vertx vertx;
    private final Path file;
    /** Starts a reload; it reports its own outcome, so the watcher has nothing to wait for. */
    private final Runnable reload;
    private long timer = -1;
    private String lastSeen;

    ConfigWatcher(Vertx vertx, Path file, Runnable reload) {
        this.vertx = vertx;
        this.file = file;
        this.reload = reload;
    }

    void start() {
        vertx.executeBlocking(this::fingerprint, false).onComplete(first -> {
            lastSeen = first.result();
            timer = vertx.setPeriodic(POLL_MILLIS, id -> vertx.executeBlocking(this::fingerprint, false).onSuccess(now -> {
                if (now != null && !now.equals(lastSeen)) {
                    lastSeen = now;
                    reload.run();
                }
            }));
        });
    }

    void stop() {
        vertx.cancelTimer(timer);
    }

    private String fingerprint() {
        try {
            Path real = file.toRealPath();
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(Files.readAllBytes(real));
            return attributes.lastModifiedTime().toMillis() + ":" + attributes.size() + ":" + crc.getValue() + ":" + real;
        } catch (IOException e) {
            return null;
        }
    }
}
