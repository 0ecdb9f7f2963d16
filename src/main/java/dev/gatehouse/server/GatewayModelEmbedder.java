package dev.gatehouse.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.EmbeddingsRequestValidator;
import dev.gatehouse.api.ValidateRequest;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.cache.semantic.TextEmbedder;
import dev.gatehouse.dispatch.Dispatch;
import dev.gatehouse.dispatch.ProviderAdapters;
import dev.gatehouse.dispatch.UpstreamClient;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.IncomingRequest;
import dev.gatehouse.pipeline.Pipeline;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.routing.RouteRequest;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A {@link TextEmbedder} that embeds through an embeddings model the gateway itself serves
 * ({@code cache.semantic.embedding_model}): each text runs the gateway's own embeddings path
 * (validation, routing with its fallbacks, dispatch with retries and timeouts) under an internal
 * principal, with no client key, no limits, no budgets and no usage record. The vector is
 * normalised here, since providers do not all promise unit vectors. Never blocks: the upstream call
 * is the same non-blocking client the fronts use.
 */
final class GatewayModelEmbedder implements TextEmbedder {

    private static final Principal INTERNAL = new Principal("gatehouse-cache-embedder", false, List.of());

    private final String model;
    private final Supplier<GatewayState> state;
    private final GatewayClock clock;
    private final Pipeline pipeline;
    private volatile int dimensions;

    GatewayModelEmbedder(
            Vertx vertx, GatewayClock clock, Supplier<GatewayState> state, ProviderAdapters adapters, String model) {
        this.model = model;
        this.state = state;
        this.clock = clock;
        this.pipeline = new Pipeline(List.of(
                new ValidateRequest(),
                new RouteRequest(),
                new Dispatch(
                        new UpstreamClient(vertx, clock),
                        adapters,
                        () -> ThreadLocalRandom.current().nextDouble())));
    }

    @Override
    public Future<float[]> embed(String text) {
        ObjectNode body = Json.object();
        body.put("model", model);
        body.put("input", text);
        GatewayState snapshot = state.get();
        Exchange ex = new Exchange(
                RequestIds.next(),
                clock.nanoTime(),
                new IncomingRequest("POST", "/v1/embeddings", MultiMap.caseInsensitiveMultiMap(), Json.encode(body)),
                snapshot.config());
        snapshot.seed(ex);
        ex.put(ValidateRequest.READER, EmbeddingsRequestValidator::validate);
        ex.put(Principal.KEY, INTERNAL);
        return pipeline.handle(ex).compose(reply -> {
            if (!(reply instanceof Reply.Unary unary) || unary.status() / 100 != 2) {
                return Future.failedFuture("embeddings model '" + model + "' gave no embedding");
            }
            JsonNode vector = Json.parse(unary.body()).path("data").path(0).path("embedding");
            if (!vector.isArray() || vector.isEmpty()) {
                return Future.failedFuture("embeddings model '" + model + "' answered without an embedding");
            }
            float[] v = new float[vector.size()];
            double norm = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) vector.get(i).asDouble();
                norm += v[i] * v[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < v.length && norm > 0; i++) {
                v[i] = (float) (v[i] / norm);
            }
            dimensions = v.length;
            return Future.succeededFuture(v);
        });
    }

    @Override
    public String modelId() {
        return "gateway:" + model;
    }

    /** Known after the first embedding (the model's own length); 0 before. */
    @Override
    public int dimensions() {
        return dimensions;
    }
}
