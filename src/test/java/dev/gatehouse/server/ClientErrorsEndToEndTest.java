package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad client input gets OpenAI's error shape, the right status, and no stack trace. */
class ClientErrorsEndToEndTest {

    private static final String LIMITED_KEY = "sk-limited-key-0000000000002";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("""
                server:
                  max_body_size: 64KB
                providers:
                  mock:
                    type: mock
                models:
                  - name: gpt-4o-mini
                    provider: mock
                  - name: gpt-4o
                    provider: mock
                keys:
                  - id: limited
                    key: %s
                    models: [gpt-4o-mini]
                """.formatted(LIMITED_KEY));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessage("hello")
                .build();
    }

    @Test
    void rejectsAnUnknownKeyWith401() {
        assertThatThrownBy(() -> gateway.client("sk-not-a-real-key-123456")
                        .chat()
                        .completions()
                        .create(hello("gpt-4o-mini")))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.code()).contains("invalid_api_key");
                    assertThat(e.getMessage()).doesNotContain("sk-not-a-real-key-123456");
                });
    }

    @Test
    void rejectsAMissingKeyWith401() throws Exception {
        HttpResponse<String> response =
                gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build());

        assertOpenAiError(response, 401, "missing_api_key", null);
    }

    @Test
    void answersAnUnknownModelWith404() {
        assertThatThrownBy(() -> gateway.client().chat().completions().create(hello("gpt-9-ultra")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.code()).contains("model_not_found");
                    assertThat(e.param()).contains("model");
                });
    }

    @Test
    void refusesAModelTheKeyMayNotUseWith403() {
        assertThatThrownBy(
                        () -> gateway.client(LIMITED_KEY).chat().completions().create(hello("gpt-4o")))
                .isInstanceOfSatisfying(
                        PermissionDeniedException.class,
                        e -> assertThat(e.code()).contains("model_not_allowed"));
    }

    @Test
    void rejectsOutOfRangeValuesThroughTheSdk() {
        assertThatThrownBy(() -> gateway.client()
                        .chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("gpt-4o-mini")
                                .addUserMessage("hi")
                                .temperature(3.0)
                                .build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class, e -> assertThat(e.param()).contains("temperature"));
    }

    static Stream<Arguments> invalidBodies() {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        return Stream.of(
                Arguments.of("{\"model\":\"gpt-4o-mini\",", "invalid_json", null),
                Arguments.of("[1,2,3]", null, null),
                Arguments.of("", null, null),
                Arguments.of("{\"model\":\"gpt-4o-mini\"}", "missing_required_parameter", "messages"),
                Arguments.of("{\"model\":\"gpt-4o-mini\",\"messages\":[]}", "empty_array", "messages"),
                Arguments.of("{\"model\":\"gpt-4o-mini\",\"messages\":\"hi\"}", "invalid_type", "messages"),
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"content\":\"hi\"}]}",
                        "missing_required_parameter",
                        "messages[0].role"),
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}",
                        "invalid_value",
                        "messages[0].role"),
                Arguments.of("{" + messages + "}", "missing_required_parameter", "model"),
                Arguments.of("{\"model\":42," + messages + "}", "invalid_type", "model"),
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"max_tokens\":-5," + messages + "}",
                        "integer_below_min_value",
                        "max_tokens"),
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"max_tokens\":\"ten\"," + messages + "}",
                        "invalid_type",
                        "max_tokens"),
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"temperature\":2.5," + messages + "}",
                        "decimal_above_max_value",
                        "temperature"),
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"temperature\":-0.1," + messages + "}",
                        "decimal_below_min_value",
                        "temperature"),
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"top_p\":1.5," + messages + "}",
                        "decimal_above_max_value",
                        "top_p"),
                Arguments.of("{\"model\":\"gpt-4o-mini\",\"n\":0," + messages + "}", "integer_below_min_value", "n"),
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"stream\":\"yes\"," + messages + "}", "invalid_type", "stream"),
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]," + messages + "}",
                        "array_above_max_length",
                        "stop"),
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"stream_options\":{\"include_usage\":true}," + messages + "}",
                        "invalid_value",
                        "stream_options"),
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"tools\":[{\"type\":\"function\",\"function\":{}}]," + messages
                                + "}",
                        "missing_required_parameter",
                        "tools[0].function.name"),
                // A NUL in text the gateway stores would make PostgreSQL refuse the usage batch holding it.
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"metadata\":{\"tags\":[\"ok\",\"bad\\u0000tag\"]}," + messages
                                + "}",
                        "invalid_value",
                        "metadata.tags[1]"),
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"metadata\":{\"tags\":\"a,b\\u0000\"}," + messages + "}",
                        "invalid_value",
                        "metadata.tags"),
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"metadata\":{\"customer\":\"\\u0000\"}," + messages + "}",
                        "invalid_value",
                        "metadata.customer"),
                Arguments.of("{\"model\":\"gpt-4o-mini\\u0000\"," + messages + "}", "invalid_value", "model"),
                Arguments.of(
                        "{\"model\":\"gpt-4o-mini\",\"user\":\"bob\\u0000\"," + messages + "}",
                        "invalid_value",
                        "user"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void rejectsInvalidChatBodiesWith400(String body, String code, String param) throws Exception {
        assertOpenAiError(gateway.post("/v1/chat/completions", "application/json", body), 400, code, param);
    }

    @Test
    void rejectsInvalidEmbeddingInputWith400() throws Exception {
        assertOpenAiError(
                gateway.post("/v1/embeddings", "application/json", "{\"model\":\"gpt-4o-mini\",\"input\":[]}"),
                400,
                "empty_array",
                "input");
        assertOpenAiError(
                gateway.post("/v1/embeddings", "application/json", "{\"model\":\"gpt-4o-mini\"}"),
                400,
                "missing_required_parameter",
                "input");
        assertOpenAiError(
                gateway.post(
                        "/v1/embeddings",
                        "application/json",
                        "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"encoding_format\":\"hex\"}"),
                400,
                "invalid_value",
                "encoding_format");
        assertOpenAiError(
                gateway.post(
                        "/v1/embeddings",
                        "application/json",
                        "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"user\":\"u\\u0000\"}"),
                400,
                "invalid_value",
                "user");
    }

    static Stream<Arguments> tokenIdsOutOfRange() {
        return Stream.of(
                Arguments.of("[1, -5]", "input[1]"),
                Arguments.of("[99999999999999999999]", "input[0]"),
                Arguments.of("[[-5]]", "input[0][0]"),
                Arguments.of("[[1, 2], [3, 99999999999999999999]]", "input[1][1]"),
                Arguments.of("[[2147483648]]", "input[0][0]"));
    }

    @ParameterizedTest
    @MethodSource("tokenIdsOutOfRange")
    void rejectsEmbeddingTokenIdsOutOfRangeWith400(String input, String param) throws Exception {
        assertOpenAiError(
                gateway.post(
                        "/v1/embeddings", "application/json", "{\"model\":\"gpt-4o-mini\",\"input\":" + input + "}"),
                400,
                "invalid_value",
                param);
    }

    @Test
    void rejectsANulInTheTagsHeaderWith400() throws Exception {
        // The server speaks HTTP/1.1 only, whose parser refuses such a header before any stage runs;
        // ValidateRequest refuses it too, should a NUL ever get past the parser.
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (RawHttp http = new RawHttp(gateway.port(), Duration.ofSeconds(5))) {
            RawHttp.Response response = http.send("POST /v1/chat/completions HTTP/1.1\r\nhost: localhost\r\n"
                            + "authorization: Bearer " + TestGateway.MASTER_KEY
                            + "\r\ncontent-type: application/json\r\n"
                            + "x-gatehouse-tags: ok,bad\u0000tag\r\ncontent-length: " + body.length() + "\r\n\r\n"
                            + body)
                    .read();
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        }
    }

    @Test
    void rejectsABodyOverTheLimitWith413() throws Exception {
        String big = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "a".repeat(70 * 1024) + "\"}]}";

        assertOpenAiError(
                gateway.post("/v1/chat/completions", "application/json", big), 413, "request_too_large", null);
    }

    @Test
    void rejectsAWrongContentTypeWith415() throws Exception {
        assertOpenAiError(
                gateway.post("/v1/chat/completions", "text/plain", "{}"), 415, "unsupported_media_type", null);
    }

    @Test
    void rejectsAWrongMethodWith405() throws Exception {
        HttpResponse<String> response =
                gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .GET()
                        .build());

        assertOpenAiError(response, 405, "method_not_allowed", null);
    }

    @Test
    void answersAnUnknownUrlWith404() throws Exception {
        HttpResponse<String> response =
                gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/nothing-here"))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .GET()
                        .build());

        assertOpenAiError(response, 404, "unknown_url", null);
    }

    @Test
    void sdkSeesTheGatewayErrorFields() {
        assertThatThrownBy(() -> gateway.client()
                        .chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("gpt-4o-mini")
                                .addUserMessage("hi")
                                .n(0L)
                                .build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.type()).contains("invalid_request_error");
                    assertThat(e.param()).contains("n");
                });
    }

    static void assertOpenAiError(HttpResponse<String> response, int status, String code, String param)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("error");
        JsonNode error = body.get("error");
        assertThat(error.fieldNames()).toIterable().containsExactlyInAnyOrder("message", "type", "param", "code");
        assertThat(error.get("message").asText())
                .isNotBlank()
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(error.get("type").isTextual()).isTrue();
        if (code != null) {
            assertThat(error.get("code").asText()).isEqualTo(code);
        }
        if (param != null) {
            assertThat(error.get("param").asText()).isEqualTo(param);
        } else {
            assertThat(error.get("param").isNull()).isTrue();
        }
    }
}
