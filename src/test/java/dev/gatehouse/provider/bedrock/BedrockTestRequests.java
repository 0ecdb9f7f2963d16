package dev.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.config.AwsCredentials;
import dev.gatehouse.config.CompatRules;
import dev.gatehouse.config.DialectOptions;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.config.ProviderType;
import dev.gatehouse.config.Timeouts;
import dev.gatehouse.json.Json;
import dev.gatehouse.routing.Route;
import java.time.Duration;
import java.util.Map;

/** Canonical requests and a Bedrock route for the unit tests. */
final class BedrockTestRequests {

    static final String PROVIDER = "aws-bedrock";
    static final String MODEL_ID = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    static final AwsCredentials CREDENTIALS =
            new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null);

    private BedrockTestRequests() {}

    /** A chat request from its OpenAI JSON, with the typed facts the validator would derive. */
    static CanonicalRequest chat(String json) {
        ObjectNode body = (ObjectNode) Json.parse(json);
        JsonNode max = body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        return new CanonicalRequest(
                Endpoint.CHAT_COMPLETIONS,
                body,
                body.path("model").asText("claude"),
                body.path("stream").asBoolean(false),
                false,
                max == null ? null : max.asInt(),
                null);
    }

    static Route route(String baseUrl, AwsCredentials credentials) {
        DialectOptions options =
                new DialectOptions(null, DialectOptions.DEFAULT_MAX_TOKENS, "us-east-1", credentials, CompatRules.NONE);
        ProviderSettings provider = new ProviderSettings(
                PROVIDER,
                ProviderType.BEDROCK,
                baseUrl,
                null,
                Map.of(),
                Timeouts.defaults(Duration.ofSeconds(30)),
                null,
                options);
        return new Route("claude", provider, MODEL_ID);
    }

    static Route route() {
        return route("https://bedrock-runtime.us-east-1.amazonaws.com", CREDENTIALS);
    }
}
