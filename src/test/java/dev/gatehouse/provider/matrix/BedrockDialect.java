package dev.gatehouse.provider.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.provider.bedrock.BedrockFixtures;
import dev.gatehouse.provider.bedrock.SigV4Check;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.FakeUpstream.After;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * AWS Bedrock's Converse API: SigV4-signed requests to {@code /model/{modelId}/converse}, and
 * ConverseStream answers as binary AWS event-stream messages encoded from the fixtures.
 */
class BedrockDialect implements Dialect {

    private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN0000000001";
    private static final String REGION = "us-west-2";
    private static final String MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    /** The model ID as it must appear in the path: ':' escaped. */
    private static final String MODEL_PATH = "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0";

    @Override
    public String name() {
        return "bedrock";
    }

    @Override
    public String providerYaml(String fakeRoot) {
        return "type: bedrock\nbase_url: " + fakeRoot + "\nregion: " + REGION + "\naccess_key_id: " + ACCESS_KEY
                + "\nsecret_access_key: " + SECRET + "\nsession_token: " + SESSION_TOKEN;
    }

    @Override
    public String upstreamModel() {
        return MODEL;
    }

    @Override
    public Optional<String> unsupported(Scenario scenario) {
        return Optional.empty();
    }

    @Override
    public void script(Scenario scenario, FakeUpstream fake) {
        fake.then(
                switch (scenario) {
                    case SIMPLE_CHAT -> json("converse-hello.json");
                    case STREAMING -> stream("stream-hello.json");
                    case TOOLS -> json("converse-tool.json");
                    case STREAMED_TOOLS -> stream("stream-tool.json");
                    case IMAGE_INPUT -> json("converse-image.json");
                    case MAX_TOKENS_STOP -> json("converse-length.json");
                    case ERROR_RATE_LIMITED -> error("error-throttling.json");
                    case ERROR_CONTEXT_LENGTH -> error("error-context-length.json");
                    case ERROR_AUTH -> error("error-unrecognized-client.json");
                    case ERROR_INVALID_REQUEST -> error("error-validation.json");
                    case ERROR_CONTENT_FILTER -> json("converse-guardrail.json");
                    case ERROR_SERVER -> error("error-internal.json");
                    case ERROR_OVERLOADED -> error("error-service-unavailable.json");
                    case ERROR_IN_STREAM -> stream("stream-error.json");
                    case BAD_RESPONSE_NOT_JSON ->
                        new FakeUpstream.Respond(200, "application/json", "<html>oops", Map.of(), Duration.ZERO);
                    case BAD_RESPONSE_WRONG_FORMAT -> FakeUpstream.json(200, "{\"result\":\"not a chat completion\"}");
                });
    }

    private static FakeUpstream.Behavior json(String fixture) {
        return FakeUpstream.json(200, BedrockFixtures.text(fixture));
    }

    private static FakeUpstream.Behavior error(String fixture) {
        BedrockFixtures.HttpError error = BedrockFixtures.httpError(fixture);
        return FakeUpstream.json(error.status(), error.body(), error.headers());
    }

    private static FakeUpstream.Behavior stream(String fixture) {
        return new FakeUpstream.Frames(
                "application/vnd.amazon.eventstream", BedrockFixtures.eventStream(fixture), Duration.ZERO, After.END);
    }

    @Override
    public void verifyRequest(Scenario scenario, FakeUpstream.Received received) {
        assertThat(received.uri()).isEqualTo(MODEL_PATH + (scenario.streams() ? "/converse-stream" : "/converse"));
        SigV4Check.assertSigned(received, ACCESS_KEY, SECRET, SESSION_TOKEN, REGION, "bedrock");
        assertThat(received.headers().get("authorization")).contains("/" + REGION + "/bedrock/aws4_request");
        assertThat(received.headers().get("x-amz-security-token")).isEqualTo(SESSION_TOKEN);
        JsonNode body = received.body();
        assertThat(body.has("model"))
                .as("the model is in the path, not the body")
                .isFalse();
        assertThat(body.has("stream")).isFalse();
        switch (scenario) {
            case SIMPLE_CHAT, STREAMING, ERROR_IN_STREAM -> {
                assertThat(body.path("system").get(0).path("text").asText()).isEqualTo(Scenario.SYSTEM);
                assertThat(body.path("messages")).hasSize(1);
                assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
                assertThat(body.path("messages")
                                .get(0)
                                .path("content")
                                .get(0)
                                .path("text")
                                .asText())
                        .isEqualTo(Scenario.USER);
                JsonNode inference = body.path("inferenceConfig");
                assertThat(inference.path("maxTokens").asInt()).isEqualTo(Scenario.MAX_TOKENS);
                assertThat(inference.path("temperature").asDouble()).isEqualTo(Scenario.TEMPERATURE);
                assertThat(inference.path("stopSequences").get(0).asText()).isEqualTo(Scenario.STOP);
            }
            case TOOLS, STREAMED_TOOLS -> {
                JsonNode spec = body.path("toolConfig").path("tools").get(0).path("toolSpec");
                assertThat(spec.path("name").asText()).isEqualTo(Scenario.TOOL_NAME);
                assertThat(spec.path("description").asText()).isEqualTo(Scenario.TOOL_DESCRIPTION);
                assertThat(spec.path("inputSchema")
                                .path("json")
                                .path("properties")
                                .path("location")
                                .path("type")
                                .asText())
                        .isEqualTo("string");
                assertThat(body.path("toolConfig").has("toolChoice"))
                        .as("auto is Bedrock's default")
                        .isFalse();
            }
            case IMAGE_INPUT -> {
                JsonNode content = body.path("messages").get(0).path("content");
                assertThat(content.get(0).path("text").asText()).isEqualTo(Scenario.IMAGE_PROMPT);
                assertThat(content.get(1).path("image").path("format").asText()).isEqualTo("png");
                assertThat(content.get(1)
                                .path("image")
                                .path("source")
                                .path("bytes")
                                .asText())
                        .isEqualTo(Scenario.IMAGE_BASE64);
            }
            case MAX_TOKENS_STOP ->
                assertThat(body.path("inferenceConfig").path("maxTokens").asInt())
                        .isEqualTo(Scenario.SMALL_MAX_TOKENS);
            default ->
                assertThat(body.path("system").get(0).path("text").asText()).isEqualTo(Scenario.SYSTEM);
        }
    }
}
