package dev.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.NativeRequest;
import dev.gatehouse.config.ProviderType;
import dev.gatehouse.json.Json;
import dev.gatehouse.routing.Route;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * When a Responses request goes to OpenAI's own Responses API instead of its chat translation: the
 * client called {@code /v1/responses}, the deployment is OpenAI's own API ({@code type: openai} with
 * OpenAI's profile, which serves {@code /responses}; Azure and the compatible servers' profiles get
 * the translation), and the request does
 * not continue a conversation kept by the gateway ({@code previous_response_id} names a gateway id
 * that OpenAI does not know, so such a request is translated with the conversation spelled out).
 * The client's body goes out with only {@code model} replaced, so fields the gateway does not know
 * reach OpenAI. Pure.
 */
final class OpenAiResponsesNative {

    static final String PATH = "/responses";

    private OpenAiResponsesNative() {}

    /** The body to send to {@code /responses}, or {@code null} when the request is to be translated. */
    static @Nullable Buffer body(CanonicalRequest request, Route route) {
        NativeRequest client = request.nativeIn(NativeRequest.Dialect.OPENAI_RESPONSES);
        if (client == null || !serves(route)) {
            return null;
        }
        if (!(Json.tryParse(client.bytes()).orElse(null) instanceof ObjectNode body)
                || body.hasNonNull("previous_response_id")) {
            return null;
        }
        body.put("model", route.upstreamModel());
        return Json.encode(body);
    }

    private static boolean serves(Route route) {
        return route.provider().type() == ProviderType.OPENAI
                && route.provider().options().responsesApi();
    }

    /** Whether {@link #body} sends this request natively. */
    static boolean applies(CanonicalRequest request, Route route) {
        NativeRequest client = request.nativeIn(NativeRequest.Dialect.OPENAI_RESPONSES);
        return client != null
                && serves(route)
                && Json.tryParse(client.bytes()).orElse(null) instanceof ObjectNode body
                && !body.hasNonNull("previous_response_id");
    }
}
