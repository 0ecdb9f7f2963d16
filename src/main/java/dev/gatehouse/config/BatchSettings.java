package dev.gatehouse.config;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The Files and Batch API ({@code batches:}).
 *
 * @param dir where uploaded files and batch results are kept ({@code dir}; default
 *     {@code gatehouse-batches} in the data directory)
 * @param maxFileBytes the largest file {@code POST /v1/files} takes ({@code max_file_bytes})
 * @param concurrency how many lines of one batch run at once on an instance ({@code concurrency})
 */
public record BatchSettings(Path dir, long maxFileBytes, int concurrency) {

    /** OpenAI's own limit for a batch input file ("Batch API" guide: up to 200 MB). */
    public static final long DEFAULT_MAX_FILE_BYTES = 200L * 1024 * 1024;

    public static final int DEFAULT_CONCURRENCY = 4;

    public static BatchSettings defaults(Path dataDir) {
        return new BatchSettings(dataDir.resolve("gatehouse-batches"), DEFAULT_MAX_FILE_BYTES, DEFAULT_CONCURRENCY);
    }

    public static BatchSettings defaults() {
        return defaults(Path.of(""));
    }

    public BatchSettings withDir(Path newDir) {
        return new BatchSettings(newDir, maxFileBytes, concurrency);
    }

    static BatchSettings read(@Nullable ConfigNode node, Path dataDir) {
        BatchSettings d = defaults(dataDir);
        if (node == null) {
            return d;
        }
        String dir = node.string("dir", d.dir().toString());
        long maxBytes = node.size("max_file_bytes", d.maxFileBytes());
        int concurrency = node.integer("concurrency", d.concurrency(), 1, 1000);
        node.finish();
        return new BatchSettings(Path.of(dir), maxBytes, concurrency);
    }
}
