package dev.gatehouse.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.anthropic.AnthropicRequestReader;
import dev.gatehouse.auth.Authenticate;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.routing.RouteRequest;
import dev.gatehouse.usage.TokenCounter;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * {@code POST /v1/messages/count_tokens}: the input tokens of an Anthropic Messages request,
 * counted by the gateway with OpenAI's tokenizer ({@code TokenCounter}) over the messages, the system prompt and
 * the tool definitions. It is an estimate for models of other vendors, as Anthropic's own endpoint
 * says of its count; it calls no provider and costs nothing.
 */
final class CountTokensHandler {

    private static final AnthropicRequestReader READER = new AnthropicRequestReader(false);

    private final Supplier<GatewayState> state;

    CountTokensHandler(Supplier<GatewayState> state) {
        this.state = state;
    }

    void handle(RoutingContext ctx) {
        try {
            GatewayState current = state.get();
            Principal principal = Authenticate.principalFor(
                    current.keys(),
                    Authenticate.presentedSecret(
                            ctx.request().getHeader("authorization"),
                            ctx.request().getHeader("x-api-key")));
            Buffer bytes = ctx.body().buffer();
            JsonNode json = bytes == null ? null : Json.tryParse(bytes).orElse(null);
            if (!(json instanceof ObjectNode body)) {
                throw GatewayError.of(
                        ErrorKind.INVALID_REQUEST, "The request body must be a JSON object.", null, "invalid_json");
            }
            CanonicalRequest request = READER.read(body, bytes);
            if (!principal.mayUse(request.model()) || current.models().group(request.model()) == null) {
                throw RouteRequest.notFound(request.model());
            }
            long tokens =
                    TokenCounter.countMessages(request.model(), request.body().path("messages"));
            JsonNode tools = request.body().get("tools");
            if (tools != null) {
                tokens += TokenCounter.count(request.model(), tools.toString());
            }
            ctx.response()
                    .putHeader("content-type", "application/json")
                    .end(Json.encode(Json.object().put("input_tokens", tokens)));
        } catch (GatewayError e) {
            AnthropicReplyWriter.write(ctx.response(), e);
        }
    }
}
