package dev.gatehouse.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch on this instance, while it holds the lease: validates it, runs its lines not yet
 * recorded with at most {@code batches.concurrency} in flight, records each result before it counts,
 * and at the end writes the output and error files and the final status. Runs on the runner's event
 * loop; store and disk work goes to workers.
 */
final class BatchRun {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);

    /** Lines read from the input file at a time (at least; more with a high concurrency). */
    private static final int READ_AHEAD = 256;

    private final BatchService service;
    private final LineRunner lines;
    private final GatewayClock clock;
    private final BooleanSupplier stopping;
    private final Consumer<String> ended;
    private BatchJob job;
    /** The next few lines to run; the rest stay in the file until the queue runs low. */
    private final Queue<BatchLine> queue = new ArrayDeque<>();

    private @Nullable BatchLineSource source;
    private boolean inputLeft = true;
    private boolean refilling;
    private boolean ready;
    private boolean cancel;
    private boolean finishing;
    private int inFlight;
    /** Lines in flight that wait in a provider batch and hold no concurrency slot. */
    private int parked;

    private @Nullable Promise<Void> drained;

    BatchRun(
            BatchJob job,
            BatchService service,
            LineRunner lines,
            GatewayClock clock,
            BooleanSupplier stopping,
            Consumer<String> ended) {
        this.job = job;
        this.service = service;
        this.lines = lines;
        this.clock = clock;
        this.stopping = stopping;
        this.ended = ended;
        this.cancel = job.status() == BatchStatus.CANCELLING;
    }

    /** Reads the input and what is already done, validates a new batch, then starts its lines. */
    void begin() {
        service.blocking(this::prepare).onComplete(prepared -> {
            if (prepared.failed()) {
                LOG.error("batch {}: could not start", job.id(), prepared.cause());
                ended.accept(job.id());
            } else if (prepared.result() == null) {
                ended.accept(job.id());
            } else {
                source = prepared.result();
                ready = true;
                pump();
            }
        });
    }

    /** The runner read the batch again: it may have been cancelled meanwhile, and time may be up. */
    void seen(BatchJob latest) {
        job = latest;
        if (latest.status() == BatchStatus.CANCELLING && !cancel) {
            cancel = true;
            lines.cancelled(job.id());
        }
        pump();
    }

    /** Completes once no line is in flight. */
    Future<Void> drained() {
        if (inFlight == 0) {
            return Future.succeededFuture();
        }
        Promise<Void> p = drained != null ? drained : Promise.promise();
        drained = p;
        return p.future();
    }

    /** Lets go of the input file when the runner stops with this batch unfinished. */
    void close() {
        BatchLineSource open = source;
        if (open != null) {
            service.blocking(() -> {
                open.close();
                return null;
            });
        }
    }

    /**
     * The input's lines still to run, or null when the batch needs nothing more (failed validation,
     * already final). A new batch is validated by one pass over its file, which keeps no line.
     */
    private @Nullable BatchLineSource prepare() throws IOException {
        JdbcBatchStore store = service.store();
        BatchJob latest = store.batch(job.id()).orElse(null);
        if (latest == null || !latest.status().unfinished()) {
            return null;
        }
        job = latest;
        Path input = service.bodies().path(job.inputFileId());
        if (job.status() == BatchStatus.VALIDATING) {
            ArrayNode problems = Json.MAPPER.createArrayNode();
            String endpoint = job.endpoint();
            int total;
            try (InputStream in = Files.newInputStream(input)) {
                total = BatchInput.scan(in, line -> {
                    if (!line.url().equals(endpoint)) {
                        problems.addObject()
                                .put("code", "invalid_url")
                                .put(
                                        "message",
                                        "The line's url '" + line.url() + "' is not the batch's endpoint '" + endpoint
                                                + "'.")
                                .put("param", "url")
                                .put("line", line.lineNo());
                    }
                });
            }
            if (!problems.isEmpty()) {
                ObjectNode errors = Json.object().put("object", "list");
                errors.set("data", problems);
                store.fail(job.id(), Json.encode(errors).toString(), service.nowMs());
                return null;
            }
            store.setTotal(job.id(), total);
            store.move(job.id(), EnumSet.of(BatchStatus.VALIDATING), BatchStatus.IN_PROGRESS, service.nowMs());
            job = store.batch(job.id()).orElse(job);
        }
        return new BatchLineSource(input, store.doneLines(job.id()));
    }

    private void pump() {
        if (!ready || finishing) {
            return;
        }
        boolean more = !queue.isEmpty() || inputLeft;
        if (cancel || clock.millis() >= job.expiresMs() || (!more && !stopping.getAsBoolean())) {
            if (inFlight == 0 && !refilling && !stopping.getAsBoolean()) {
                finish(cancel ? BatchStatus.CANCELLED : more ? BatchStatus.EXPIRED : BatchStatus.COMPLETED);
            }
            return;
        }
        int concurrency = service.settings().concurrency();
        while (inFlight - parked < concurrency && !queue.isEmpty() && !stopping.getAsBoolean()) {
            BatchLine line = queue.remove();
            LineRunner.Call call = new LineRunner.Call(job.id(), job.keyHash(), line);
            boolean parks = lines.parks(call);
            parked += parks ? 1 : 0;
            inFlight++;
            lines.run(call)
                    .recover(e -> Future.succeededFuture(unanswered(e)))
                    .compose(answer -> service.blocking(() -> {
                        service.store().recordLine(job.id(), result(line, answer));
                        return null;
                    }))
                    .onComplete(recorded -> {
                        if (recorded.failed()) {
                            // Not recorded, so not done: it runs again when the batch resumes.
                            LOG.error("batch {}: could not record line {}", job.id(), line.lineNo(), recorded.cause());
                        }
                        inFlight--;
                        parked -= parks ? 1 : 0;
                        if (inFlight == 0 && drained != null) {
                            drained.tryComplete();
                        }
                        pump();
                    });
        }
        if (queue.size() < concurrency && inputLeft && !refilling && !stopping.getAsBoolean()) {
            refill(concurrency);
        }
    }

    /** Reads the next lines of the input on a worker, a couple of rounds of {@code concurrency} ahead. */
    private void refill(int concurrency) {
        BatchLineSource from = Objects.requireNonNull(source, "a run is ready once its input is open");
        refilling = true;
        service.blocking(() -> from.next(Math.max(READ_AHEAD, 2 * concurrency))).onComplete(read -> {
            refilling = false;
            if (read.failed()) {
                // The batch stays unfinished: the next look after its lease is given back resumes it.
                LOG.error("batch {}: could not read its input file", job.id(), read.cause());
                finishing = true;
                drained().onComplete(v -> {
                    close();
                    ended.accept(job.id());
                });
                return;
            }
            queue.addAll(read.result());
            inputLeft = !from.exhausted();
            pump();
        });
    }

    private static LineRunner.Answer unanswered(Throwable e) {
        GatewayError error = e instanceof GatewayError g ? g : GatewayError.internal(e);
        return new LineRunner.Answer(error.status(), "", ErrorResponses.openAiBody(error));
    }

    private static JdbcBatchStore.LineResult result(BatchLine line, LineRunner.Answer answer) {
        boolean ok = answer.status() / 100 == 2;
        JsonNode out = BatchJson.outputLine(
                BatchService.newId("batch_req_"), line.customId(), answer.status(), answer.requestId(), answer.body());
        return new JdbcBatchStore.LineResult(
                line.customId(), line.lineNo(), ok, Json.encode(out).toString());
    }

    /**
     * Ends the batch: lines never run count as failed with {@code batch_expired} when time ran out,
     * the recorded results become the output file (2xx answers) and the error file (the rest), and
     * the batch takes its final status. A cancelled batch goes there straight from cancelling.
     */
    private void finish(BatchStatus to) {
        finishing = true;
        List<BatchLine> unrun = List.copyOf(queue);
        queue.clear();
        BatchLineSource rest = Objects.requireNonNull(source, "a run is ready once its input is open");
        service.blocking(() -> {
                    JdbcBatchStore store = service.store();
                    String id = job.id();
                    if (to != BatchStatus.CANCELLED
                            && !store.move(
                                    id,
                                    EnumSet.of(BatchStatus.IN_PROGRESS, BatchStatus.FINALIZING),
                                    BatchStatus.FINALIZING,
                                    service.nowMs())) {
                        rest.close();
                        return null; // cancelled meanwhile: the next look finishes it as cancelled
                    }
                    if (to == BatchStatus.EXPIRED) {
                        expire(store, id, unrun);
                        for (List<BatchLine> more = rest.next(READ_AHEAD);
                                !more.isEmpty();
                                more = rest.next(READ_AHEAD)) {
                            expire(store, id, more);
                        }
                    }
                    rest.close();
                    String outputId = keep(id, "output", true);
                    String errorId = keep(id, "error", false);
                    store.setResultFiles(id, outputId, errorId);
                    store.move(
                            id,
                            EnumSet.of(to == BatchStatus.CANCELLED ? BatchStatus.CANCELLING : BatchStatus.FINALIZING),
                            to,
                            service.nowMs());
                    return null;
                })
                .onComplete(done -> {
                    if (done.failed()) {
                        LOG.error("batch {}: could not finish as {}", job.id(), to.wire(), done.cause());
                    }
                    ended.accept(job.id());
                });
    }

    private static void expire(JdbcBatchStore store, String batchId, List<BatchLine> unrun) {
        for (BatchLine line : unrun) {
            JsonNode out = BatchJson.errorLine(
                    BatchService.newId("batch_req_"),
                    line.customId(),
                    "batch_expired",
                    "This request could not be executed before the completion window expired.");
            store.recordLine(
                    batchId,
                    new JdbcBatchStore.LineResult(
                            line.customId(),
                            line.lineNo(),
                            false,
                            Json.encode(out).toString()));
        }
    }

    /**
     * Keeps a result file of the batch's owner, streamed from the recorded lines that succeeded
     * ({@code ok}) or failed, or none when it would be empty.
     */
    private @Nullable String keep(String batchId, String kind, boolean ok) {
        String id = BatchService.newId("file-");
        long size = service.bodies()
                .write(
                        id,
                        out -> service.store().eachLine(batchId, ok, line -> {
                            try {
                                out.write(line.result().getBytes(StandardCharsets.UTF_8));
                                out.write('\n');
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }));
        if (size == 0) {
            return null;
        }
        service.store()
                .insertFile(new BatchFile(
                        id, job.owner(), "batch_output", batchId + "_" + kind + ".jsonl", size, service.nowMs()));
        return id;
    }
}
