package dev.gatehouse.metering;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage records the store refused for their own data, set aside in {@code dead-letters.jsonl} beside
 * the spool so they stop holding up the records behind them: one JSON line each, with the store's
 * error code and message ({@code {"time_ms","code","error","record"}}), appended and fsynced before
 * the spool's checkpoint moves past the record. An operator can fix and replay them by hand. Each is
 * also logged at WARN with its request id and the error code (never the record's content, which the
 * store's message may quote). Used by the usage writer's delivering thread only; blocks (file I/O).
 */
final class DeadLetters {

    static final String FILE_NAME = "dead-letters.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final AtomicLong count = new AtomicLong();

    DeadLetters(Path spoolDir) {
        this.file = spoolDir.resolve(FILE_NAME);
    }

    /** Sets {@code record} aside with why the store refused it; durable when this returns. */
    void add(UsageRecord record, UsageStoreException refusal) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("time_ms", System.currentTimeMillis());
        line.put("code", refusal.code());
        line.put("error", refusal.getMessage());
        line.set("record", JSON.readTree(record.toJson()));
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            out.force(false);
        }
        count.incrementAndGet();
        LOG.warn(
                "usage record {} set aside in {}: the store refused it ({})", record.requestId(), file, refusal.code());
    }

    /** Records set aside by this process. */
    long count() {
        return count.get();
    }
}
