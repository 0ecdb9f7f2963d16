package dev.gatehouse.server;

import dev.gatehouse.api.ValidateRequest;
import dev.gatehouse.batch.BatchCaller;
import dev.gatehouse.batch.BatchInput;
import dev.gatehouse.batch.LineRunner;
import dev.gatehouse.batch.ProviderBatchDispatch;
import dev.gatehouse.batch.ProviderBatches;
import dev.gatehouse.config.ModelGroup;
import dev.gatehouse.dispatch.UpstreamClient;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.IncomingRequest;
import dev.gatehouse.pipeline.InternalErrors;
import dev.gatehouse.pipeline.Pipeline;
import dev.gatehouse.pipeline.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * Runs batch lines in process through the same stages as a client's request (limits, budgets,
 * cache, guardrails, usage records, routing, dispatch), with {@link BatchCaller} in authentication's
 * place and {@code x-gatehouse-priority: low} on the request, so no HTTP round trip to itself and no
 * stored secret are needed. The answer is what an HTTP client would have read: a 2xx JSON body (for
 * a {@code /v1/responses} line, the Response object, kept like the endpoint keeps it), or OpenAI's
 * error body with its status.
 */
final class BatchLines implements LineRunner {

    private static final String RESPONSES = "/v1/responses";

    private final FrontParts parts;
    private final Pipeline pipeline;
    private final ResponsesReplyWriter responses;
    private final ProviderBatches providerBatches;

    BatchLines(Vertx vertx, FrontParts parts) {
        this.parts = parts;
        this.providerBatches = ProviderBatches.create(
                vertx, Objects.requireNonNull(parts.batches(), "batch lines run only with the Batch API on"));
        Stages.Parts stages = Stages.Parts.of(parts, new UpstreamClient(vertx, parts.clock()));
        this.pipeline = Stages.of(
                stages.withDispatch(
                        new ProviderBatchDispatch(stages.dispatch(), parts.adapters(), parts.cost(), providerBatches)),
                new BatchCaller());
        this.responses = new ResponsesReplyWriter(parts.responses(), parts.clock());
    }

    @Override
    public boolean parks(Call call) {
        if (!call.line().url().equals("/v1/chat/completions")) {
            return false;
        }
        ModelGroup group = parts.state()
                .get()
                .models()
                .group(call.line().body().path("model").asText(""));
        return group != null && ProviderBatchDispatch.mayPark(group);
    }

    @Override
    public void cancelled(String batchId) {
        providerBatches.cancel(batchId);
    }

    @Override
    public Future<Answer> run(Call call) {
        GatewayState snapshot = parts.state().get();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("content-type", "application/json")
                .add("x-gatehouse-priority", "low");
        Exchange ex = new Exchange(
                RequestIds.next(),
                parts.clock().nanoTime(),
                new IncomingRequest(
                        "POST",
                        call.line().url(),
                        headers,
                        Json.encode(call.line().body())),
                snapshot.config());
        snapshot.seed(ex);
        ex.put(ValidateRequest.READER, BatchInput.readerFor(call.line().url()));
        ex.put(BatchCaller.LINE, call);
        return pipeline.handle(ex).transform(done -> {
            ex.complete();
            if (done.failed()) {
                var error = InternalErrors.toGatewayError(ex, done.cause());
                return Future.succeededFuture(
                        new Answer(error.status(), ex.requestId(), ErrorResponses.openAiBody(error)));
            }
            if (done.result() instanceof Reply.Unary unary) {
                // A Responses line carries the Response object, made and kept as the HTTP endpoint does.
                Future<Buffer> bytes = call.line().url().equals(RESPONSES)
                        ? responses.response(unary, ex)
                        : Future.succeededFuture(unary.body());
                return bytes.map(b -> new Answer(
                        unary.status(),
                        ex.requestId(),
                        Json.tryParse(b).orElseGet(() -> Json.object().put("text", b.toString()))));
            }
            // Lines never ask for a stream (the upload refuses stream: true); one that streams anyway is cut.
            ((Reply.Streaming) done.result()).stream().cancel();
            var error = dev.gatehouse.error.GatewayError.internal("a batch line was answered with a stream");
            return Future.succeededFuture(new Answer(500, ex.requestId(), ErrorResponses.openAiBody(error)));
        });
    }
}
