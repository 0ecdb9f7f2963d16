package dev.gatehouse.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.ChatRequestValidator;
import dev.gatehouse.config.DialectOptions;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.config.ProviderType;
import dev.gatehouse.config.Timeouts;
import dev.gatehouse.json.Json;
import dev.gatehouse.routing.Route;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rewritten body shares the client's messages with the canonical request (no deep copy on the
 * way to the first byte), so what it changes must never reach the canonical request: translation
 * may run again on a retry or a fallback.
 */
class OpenAiRequestBodyTest {

    private static final String STREAM_WITH_OPTIONS = """
            {"model":"gpt-4o","stream":true,"stream_options":{"continuous_usage_stats":false},
             "messages":[{"role":"user","content":"Say hello"}]}""";

    @Test
    void addsIncludeUsageWithoutTouchingTheClientsStreamOptions() {
        CanonicalRequest request = chat(STREAM_WITH_OPTIONS);
        String before = request.body().toString();

        JsonNode sent = Json.parse(OpenAiRequestBody.of(request, route("gpt-4o")));

        assertThat(sent.path("stream_options").path("include_usage").asBoolean())
                .isTrue();
        assertThat(sent.path("stream_options").path("continuous_usage_stats").isBoolean())
                .isTrue();
        assertThat(request.body().toString()).isEqualTo(before);
    }

    @Test
    void renamesTheModelOnTheCopyAndKeepsTheMessages() {
        CanonicalRequest request = chat(STREAM_WITH_OPTIONS);
        String before = request.body().toString();

        JsonNode first = Json.parse(OpenAiRequestBody.of(request, route("gpt-4o-2024-08-06")));
        JsonNode again = Json.parse(OpenAiRequestBody.of(request, route("gpt-4o-2024-08-06")));

        assertThat(first.path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(first.path("messages")).isEqualTo(request.body().path("messages"));
        assertThat(again).isEqualTo(first);
        assertThat(request.body().toString()).isEqualTo(before);
    }

    private static CanonicalRequest chat(String json) {
        return ChatRequestValidator.validate((ObjectNode) Json.parse(json), null);
    }

    private static Route route(String upstreamModel) {
        ProviderSettings provider = new ProviderSettings(
                "openai-test",
                ProviderType.OPENAI,
                "https://api.openai.com/v1",
                "sk-test-000000000000000000000001",
                Map.of(),
                Timeouts.defaults(Duration.ofSeconds(30)),
                null,
                DialectOptions.none());
        return new Route("gpt-4o", provider, upstreamModel);
    }
}
