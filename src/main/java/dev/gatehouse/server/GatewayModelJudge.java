package dev.gatehouse.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ChatRequestValidator;
import dev.gatehouse.api.ValidateRequest;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.dispatch.Dispatch;
import dev.gatehouse.dispatch.ProviderAdapters;
import dev.gatehouse.dispatch.UpstreamClient;
import dev.gatehouse.guardrail.remote.ModelJudge;
import dev.gatehouse.json.Json;
import dev.gatehouse.metering.Account;
import dev.gatehouse.metering.Meter;
import dev.gatehouse.metering.UsageRecorder;
import dev.gatehouse.observability.GatewayMetrics;
import dev.gatehouse.observability.RequestObserver;
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
import org.jspecify.annotations.Nullable;

/**
 * The {@link ModelJudge} of classifier guardrails: a chat request to a model the gateway serves, run
 * through the gateway's own path (validation, routing with fallbacks, dispatch) under the internal
 * key {@value #KEY_ID}, with its own usage record and cost (and metrics), so what judging costs shows
 * in usage reports. No limits or budgets apply to it. Never blocks.
 */
final class GatewayModelJudge implements ModelJudge {

    static final String KEY_ID = "gatehouse-guardrail-classifier";
    private static final Principal INTERNAL = new Principal(KEY_ID, false, List.of());

    private final Supplier<GatewayState> state;
    private final GatewayClock clock;
    private final Pipeline pipeline;

    GatewayModelJudge(
            Vertx vertx,
            GatewayClock clock,
            Supplier<GatewayState> state,
            ProviderAdapters adapters,
            UsageRecorder recorder,
            GatewayMetrics metrics) {
        this.state = state;
        this.clock = clock;
        this.pipeline = new Pipeline(List.of(
                new Meter(recorder, List.of(new RequestObserver(metrics)), clock),
                new ValidateRequest(),
                new RouteRequest(),
                new Account(clock),
                new Dispatch(
                        new UpstreamClient(vertx, clock),
                        adapters,
                        () -> ThreadLocalRandom.current().nextDouble())));
    }

    @Override
    public Future<String> ask(String model, String instructions, String text, @Nullable String keyId) {
        ObjectNode body = Json.object();
        body.put("model", model);
        body.put("temperature", 0);
        body.put("max_tokens", 50);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", instructions);
        messages.addObject().put("role", "user").put("content", text);
        GatewayState snapshot = state.get();
        Exchange ex = new Exchange(
                RequestIds.next(),
                clock.nanoTime(),
                new IncomingRequest(
                        "POST", "/v1/chat/completions", MultiMap.caseInsensitiveMultiMap(), Json.encode(body)),
                snapshot.config());
        snapshot.seed(ex);
        ex.put(ValidateRequest.READER, ChatRequestValidator::validate);
        ex.put(Principal.KEY, INTERNAL);
        return pipeline.handle(ex).compose(reply -> {
            if (!(reply instanceof Reply.Unary unary) || unary.status() / 100 != 2) {
                return Future.failedFuture("classifier model '" + model + "' gave no answer");
            }
            JsonNode content = Json.parse(unary.body())
                    .path("choices")
                    .path(0)
                    .path("message")
                    .path("content");
            return content.isTextual()
                    ? Future.succeededFuture(content.asText())
                    : Future.failedFuture("classifier model '" + model + "' answered without text");
        });
    }
}
