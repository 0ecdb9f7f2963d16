package dev.gatehouse.provider.cohere;

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
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Map;

/** Canonical requests and a Cohere route for the adapter's unit tests. */
final class CohereRequests {

    static final String PROVIDER = "cohere-test";
    static final String MODEL = "command-a-03-2025";
    static final String KEY = "co-test-key-000000000000000001";

    private CohereRequests() {}

    static Route route() {
        ProviderSettings provider = new ProviderSettings(
                PROVIDER,
                ProviderType.COHERE,
                "https://api.cohere.com",
                KEY,
                Map.of("x-client-name", "gatehouse-test"),
                Timeouts.defaults(Duration.ofSeconds(30)),
                null,
                DialectOptions.none());
        return new Route("my-model", provider, MODEL);
    }

    /** A validated chat request, as the pipeline hands it to the adapter. */
    static CanonicalRequest chat(String json) {
        return ChatRequestValidator.validate((ObjectNode) Json.parse(json), null);
    }

    static CanonicalRequest embeddings(String json) {
        return EmbeddingsRequestValidator.validate((ObjectNode) Json.parse(json), null);
    }

    /** The JSON body {@code OpenAiToCohereRequest} builds for {@code json}. */
    static JsonNode cohereBody(String json) {
        return Json.parse(OpenAiToCohereRequest.of(chat(json), route()));
    }

    static Buffer fixture(String name) {
        return Buffer.buffer(dev.gatehouse.testing.Fixtures.text("cohere/" + name));
    }
}
