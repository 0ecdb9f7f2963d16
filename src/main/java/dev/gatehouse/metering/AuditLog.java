package dev.gatehouse.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, tamper-evident audit log: one JSON line per request, chained by SHA-256
 * ({@link AuditChain}), written and fsynced in batches by its own thread. Entries hold who asked for
 * what and what it cost; the prompt and the completion only when {@code usage.audit_content} is on,
 * and then PII-scrubbed ({@link PiiScrubber}). A restart continues the chain from the file's last
 * entry; a final line torn by a crash (no newline) is cut off first, since it was never complete.
 *
 * <p>{@link #accept} is called on event loops and only enqueues.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request to audit: its usage record, and its prompt and answer body when content is kept. */
    private record Pending(UsageRecord record, @Nullable String prompt, @Nullable Buffer answer) {}

    private final Path file;
    private final boolean content;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private final FileChannel out;
    private final Thread thread;
    private volatile boolean running = true;
    private @Nullable String prev;
    private long seq;

    public AuditLog(Path file, boolean content) {
        this.file = file;
        this.content = content;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            resumeChain();
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file, e);
        }
        thread = new Thread(this::run, "gatehouse-audit-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether entries carry the (scrubbed) prompt and completion. */
    public boolean keepsContent() {
        return content;
    }

    /**
     * Enqueues an entry. {@code prompt} and {@code answer} are ignored unless content is kept.
     *
     * @param answer the JSON answer body of a non-streamed reply, or {@code null}
     */
    public void accept(UsageRecord record, @Nullable String prompt, @Nullable Buffer answer) {
        if (!queue.offer(new Pending(record, content ? prompt : null, content ? answer : null))) {
            LOG.error("audit queue full: entry for {} dropped", record.requestId());
        }
    }

    private void resumeChain() throws IOException {
        prev = AuditChain.GENESIS;
        seq = 0;
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long end = f.length();
            long lineEnd = end;
            f.seek(end - 1);
            if (f.read() != '\n') {
                long cut = lastNewline(f, end) + 1;
                LOG.warn("audit log {}: cutting off a torn final line ({} bytes) left by a crash", file.getFileName(), end - cut);
                f.setLength(cut);
                lineEnd = cut;
            }
            if (lineEnd == 0) {
                return;
            }
            long start = lastNewline(f, lineEnd - 1) + 1;
            byte[] last = new byte[(int) (lineEnd - 1 - start)];
            f.seek(start);
            f.readFully(last);
            String line = new String(last, StandardCharsets.UTF_8);
            AuditChain.Parsed parsed = AuditChain.parse(line);
            if (parsed == null) {
                throw new IOException("the last line of " + file + " is not an audit entry; run gatehouse audit verify on it");
            }
            prev = parsed.hash();
            seq = JSON.readTree(parsed.hashed()).path("seq").asLong();
        }
    }

    /** The offset of the last newline before {@code before}, or -1. */
    private static long lastNewline(RandomAccessFile f, long before) throws IOException {
        for (long p = before - 1; p >= 0; p--) {
            f.seek(p);
            if (f.read() == '\n') {
                return p;
            }
        }
        return -1;
    }

    private void run() {
        List<Pending> taken = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            StringBuilder lines = new StringBuilder();
            for (Pending p : taken) {
                lines.append(entry(p)).append('\n');
            }
            taken.clear();
            try {
                ByteBuffer buf = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                out.force(false);
            } catch (IOException e) {
                LOG.error("audit log write failed: {}", e.toString());
            }
        }
    }

    private String entry(Pending p) {
        UsageRecord r = p.record();
        ObjectNode e = JSON.createObjectNode();
        e.put("seq", ++seq);
        e.put("time_ms", r.timeMs());
        e.put("request_id", r.requestId());
        e.put("key_id", r.keyId());
        e.put("user_id", r.userId());
        e.put("team_id", r.teamId());
        e.put("model", r.publicModel());
        e.put("deployment", r.deployment());
        e.put("status", r.status());
        e.put("error_type", r.errorType());
        e.put("input_tokens", r.inputTokens());
        e.put("output_tokens", r.outputTokens());
        if (r.costUsd() == null) {
            e.putNull("cost_usd");
        } else {
            e.put("cost_usd", r.costUsd());
        }
        if (content) {
            e.put("prompt", PiiScrubber.scrub(p.prompt()));
            e.put("completion", PiiScrubber.scrub(completion(p.answer())));
        }
        e.put("prev", prev);
        String json = e.toString();
        String line = AuditChain.seal(json.substring(0, json.length() - 1));
        prev = line.substring(line.length() - 2 - 64, line.length() - 2);
        return line;
    }

    /** The text of a chat answer's first choice, or {@code null} (streams, embeddings, errors). */
    private static @Nullable String completion(@Nullable Buffer answer) {
        if (answer == null) {
            return null;
        }
        try {
            JsonNode message = JSON.readTree(answer.getBytes()).path("choices").path(0).path("message");
            return message.path("content").isTextual() ? message.path("content").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Stops after writing what is queued. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing the audit log: {}", e.toString());
        }
    }
}
