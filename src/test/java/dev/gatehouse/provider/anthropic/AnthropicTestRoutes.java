package dev.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.ChatRequestValidator;
import dev.gatehouse.config.CompatRules;
import dev.gatehouse.config.DialectOptions;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.config.ProviderType;
import dev.gatehouse.config.Timeouts;
import dev.gatehouse.json.Json;
import dev.gatehouse.routing.Route;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Map;

/** Routes to an Anthropic provider and validated canonical requests, for the adapter's unit tests. */
final class AnthropicTestRoutes {

    static final String PROVIDER = "claude-main";
    static final String MODEL = "claude-sonnet-4-20250514";
    static final String KEY = "sk-ant-api03-test-0000000001";
    static final int DEFAULT_MAX_TOKENS = 1024;

    private AnthropicTestRoutes() {}

    static Route route() {
        return route(Map.of());
    }

    static Route route(Map<String, String> headers) {
        DialectOptions options = new DialectOptions("2023-06-01", DEFAULT_MAX_TOKENS, null, null, CompatRules.NONE);
        ProviderSettings settings = new ProviderSettings(
                PROVIDER,
                ProviderType.ANTHROPIC,
                "https://api.anthropic.com",
                KEY,
                headers,
                Timeouts.defaults(Duration.ofSeconds(30)),
                null,
                options);
        return new Route("claude", settings, MODEL);
    }

    /** A chat request as the gateway's validator accepts it. */
    static CanonicalRequest chat(String json) {
        return ChatRequestValidator.validate((ObjectNode) Json.parse(json), null);
    }

    /** The Anthropic body the adapter builds for {@code json}. */
    static JsonNode translated(String json) {
        return Json.parse(OpenAiToAnthropicRequest.translate(chat(json), route()));
    }

    static Buffer buffer(String text) {
        return Buffer.buffer(text);
    }
}
