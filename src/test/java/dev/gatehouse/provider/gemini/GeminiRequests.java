package dev.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.ChatRequestValidator;
import dev.gatehouse.api.EmbeddingsRequestValidator;
import dev.gatehouse.config.DialectOptions;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.config.ProviderType;
import dev.gatehouse.config.Timeouts;
import dev.gatehouse.json.Json;
import dev.gatehouse.routing.Route;
import java.time.Duration;
import java.util.Map;

/** Canonical requests and routes for the Gemini adapter's unit tests, built the way the gateway builds them. */
final class GeminiRequests {

    static final String KEY = "AIzaSyTestKey0000000000000000000000001";
    static final String BASE_URL = "https://generativelanguage.googleapis.com";

    private GeminiRequests() {}

    static Route route(String upstreamModel) {
        ProviderSettings provider = new ProviderSettings(
                "google",
                ProviderType.GEMINI,
                BASE_URL,
                KEY,
                Map.of("x-extra", "1"),
                Timeouts.defaults(Duration.ofSeconds(30)),
                null,
                DialectOptions.none());
        return new Route("public-model", provider, upstreamModel);
    }

    /** A chat request validated like a client's; single quotes stand for double quotes. */
    static CanonicalRequest chat(String json) {
        return ChatRequestValidator.validate((ObjectNode) json(json), null);
    }

    static CanonicalRequest embeddings(String json) {
        return EmbeddingsRequestValidator.validate((ObjectNode) json(json), null);
    }

    static JsonNode json(String json) {
        JsonNode node = Json.parse(json.replace('\'', '"'));
        if (node == null) {
            throw new IllegalArgumentException("not JSON: " + json);
        }
        return node;
    }
}
