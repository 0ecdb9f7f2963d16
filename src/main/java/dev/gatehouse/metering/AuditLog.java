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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, tamper-evident audit log: one JSON line per request, chained by SHA-256
 * ({@link AuditChain}), written and fsynced in batches by its own thread. Entries hold who asked for
 * what and what it cost; the prompt and the completion only when {@code usage.audit_content} is on,
 * and then PII-scrubbed ({@link PiiScrubber}). A request whose client went away after its entry was
 * written gets a second entry, {@code "correction": true}, with its new status and no figures. A
 * restart continues the chain from the file's last
 * entry; a final line torn by a crash (no newline) is cut off first, since it was never complete.
 *
 * <p>The chain proves nothing about entries cut off the file's end, so its head (the last entry
 * fsynced: its sequence number and hash) is also kept outside the file, by the {@link AuditAnchors}
 * (the usage store), under the hash of the log's first entry. A thread of its own,
 * {@code gatehouse-audit-anchor}, saves the newest head at most every {@value #ANCHOR_GAP_MS} ms, so a
 * slow or absent store never holds up the log; closing the log saves the last one. A head is saved
 * only once its entry is on disk, so it never runs ahead of the file.
 *
 * <p>{@link #accept} is called on event loops and only enqueues.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The least time between two saves of the head: under load the log writes a batch every few ms. */
    static final long ANCHOR_GAP_MS = 100;

    /** One request to audit: its usage record, and its prompt and answer body when content is kept. */
    private record Pending(
            UsageRecord record,
            @Nullable String prompt,
            @Nullable Buffer answer) {}

    private final Path file;
    private final boolean content;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private final FileChannel out;
    private final Thread thread;
    private final AuditAnchors anchors;
    private final Thread anchorer;
    private final Semaphore headMoved = new Semaphore(0);
    private volatile boolean running = true;
    private volatile boolean anchoring = true;
    /** The newest head on disk, for the anchoring thread. */
    private volatile @Nullable AuditHead head;

    private @Nullable String prev;
    private long seq;
    /** The first entry's hash, or null until there is one. */
    private @Nullable String chainId;

    /** A log whose head is kept nowhere else (tests). */
    public AuditLog(Path file, boolean content) {
        this(file, content, AuditAnchors.NONE);
    }

    /** @param anchors where the chain's head is kept outside the file */
    public AuditLog(Path file, boolean content, AuditAnchors anchors) {
        this.file = file;
        this.content = content;
        this.anchors = anchors;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            resumeChain();
            out = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file, e);
        }
        thread = new Thread(this::run, "gatehouse-audit-writer");
        thread.setDaemon(true);
        thread.start();
        anchorer = new Thread(this::anchorLoop, "gatehouse-audit-anchor");
        anchorer.setDaemon(true);
        anchorer.start();
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
                LOG.warn(
                        "audit log {}: cutting off a torn final line ({} bytes) left by a crash",
                        file.getFileName(),
                        end - cut);
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
                throw new IOException(
                        "the last line of " + file + " is not an audit entry; run gatehouse audit verify on it");
            }
            prev = parsed.hash();
            seq = JSON.readTree(parsed.hashed()).path("seq").asLong();
        }
        chainId = AuditVerifier.chainId(file);
        if (chainId == null) {
            LOG.warn(
                    "audit log {}: its first line is not an audit entry, so its head is not kept in the usage store; "
                            + "run gatehouse audit verify on it",
                    file.getFileName());
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
                if (chainId != null && prev != null) {
                    head = new AuditHead(chainId, seq, prev);
                    headMoved.release();
                }
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
        if (r.mcpTool() != null) {
            e.put("mcp_server", r.mcpServer());
            e.put("mcp_tool", r.mcpTool());
        }
        if (r.correction()) {
            // The request's own entry came before and holds its tokens and cost; this one only
            // changes its outcome, so that summing entries counts no request twice.
            e.put("correction", true);
        } else {
            putFiguresAndContent(e, r, p);
        }
        e.put("prev", prev);
        String json = e.toString();
        String line = AuditChain.seal(json.substring(0, json.length() - 1));
        prev = line.substring(line.length() - 2 - 64, line.length() - 2);
        if (seq == 1) {
            chainId = prev;
        }
        return line;
    }

    private void putFiguresAndContent(ObjectNode e, UsageRecord r, Pending p) {
        if (r.mcpTool() != null) {
            // A tool call has no tokens or price: its figures are the sizes of its arguments and result.
            e.put("bytes_in", r.bytesIn());
            e.put("bytes_out", r.bytesOut());
            if (content) {
                e.put("arguments", PiiScrubber.scrub(p.prompt()));
                e.put(
                        "result",
                        PiiScrubber.scrub(p.answer() == null ? null : p.answer().toString()));
            }
            return;
        }
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
    }

    /** The text of a chat answer's first choice, or {@code null} (streams, embeddings, errors). */
    private static @Nullable String completion(@Nullable Buffer answer) {
        if (answer == null) {
            return null;
        }
        try {
            JsonNode message =
                    JSON.readTree(answer.getBytes()).path("choices").path(0).path("message");
            return message.path("content").isTextual() ? message.path("content").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Saves the newest head whenever it moved, at most every {@link #ANCHOR_GAP_MS} ms; once more when closing. */
    private void anchorLoop() {
        AuditHead saved = null;
        boolean failing = false;
        while (true) {
            boolean last = !anchoring;
            try {
                if (!last) {
                    headMoved.tryAcquire(1, TimeUnit.SECONDS);
                    headMoved.drainPermits();
                }
                AuditHead latest = head;
                if (latest != null && !latest.equals(saved)) {
                    try {
                        anchors.save(latest);
                        saved = latest;
                        if (failing) {
                            LOG.info("audit log {}: its head is kept in the usage store again", file.getFileName());
                        }
                        failing = false;
                    } catch (RuntimeException e) {
                        if (!failing) {
                            LOG.warn(
                                    "audit log {}: cannot keep its head in the usage store, retrying ({})",
                                    file.getFileName(),
                                    e.getMessage());
                        }
                        failing = true;
                    }
                }
                if (last) {
                    return;
                }
                Thread.sleep(ANCHOR_GAP_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops after writing what is queued and keeping the last head. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
            out.close();
            anchoring = false;
            headMoved.release();
            anchorer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing the audit log: {}", e.toString());
        }
    }
}
