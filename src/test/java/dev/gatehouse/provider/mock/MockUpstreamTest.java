package dev.gatehouse.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.MockSettings;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.time.VertxClock;
import dev.gatehouse.usage.TokenCounter;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the mock over real HTTP with the JDK client, checking the OpenAI wire shapes the gateway's
 * OpenAI adapter and SDK clients depend on, and the fault directives tests rely on.
 */
class MockUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "gpt-4o";

    private static Vertx vertx;
    private static MockUpstream mock;
    private static MockUpstream failing;
    private static URI base;
    private static URI failingBase;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        // Real time: streams are paced a millisecond apart, which is the mock's behaviour, not a test wait.
        mock = new MockUpstream(
                vertx, new MockSettings(Duration.ZERO, Duration.ofMillis(1), 24, 0.0, 500), new VertxClock(vertx));
        failing = new MockUpstream(
                vertx, new MockSettings(Duration.ZERO, Duration.ZERO, 24, 1.0, 429), new VertxClock(vertx));
        base = URI.create("http://127.0.0.1:" + mock.start("127.0.0.1", 0).await() + "/v1/");
        failingBase =
                URI.create("http://127.0.0.1:" + failing.start("127.0.0.1", 0).await() + "/v1/");
        // HTTP/1.1 so a truncated response shows up as a connection cut, as the gateway's client sees it.
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        mock.stop().await();
        failing.stop().await();
        vertx.close().await();
    }

    @Test
    void sameRequestGivesSameReplyAndDifferentPromptADifferentOne() throws Exception {
        String first = content(postJson("chat/completions", chat("Tell me about rivers.")));
        String again = content(postJson("chat/completions", chat("Tell me about rivers.")));
        String other = content(postJson("chat/completions", chat("Tell me about mountains.")));

        assertThat(first).isNotBlank().isEqualTo(again).isNotEqualTo(other);
        assertThat(first.split(" ")).hasSize(24);
    }

    @Test
    void answersInOpenAiChatCompletionShape() throws Exception {
        JsonNode body = postJson("chat/completions", chat("Hello"));

        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("created").isIntegralNumber()).isTrue();
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        assertThat(body.path("system_fingerprint").asText()).isEqualTo("fp_mock");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").has("refusal")).isTrue();
        assertThat(choice.path("logprobs").isNull()).isTrue();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void usageAgreesWithTokenCounter() throws Exception {
        ObjectNode request = chat("Count my tokens, please.");
        JsonNode body = postJson("chat/completions", request);
        JsonNode usage = body.path("usage");

        int prompt = TokenCounter.countMessages(MODEL, request.get("messages"));
        int completion = TokenCounter.count(MODEL, content(body));
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(prompt);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(completion);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(prompt + completion);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").isInt())
                .isTrue();
        assertThat(usage.path("completion_tokens_details")
                        .path("reasoning_tokens")
                        .isInt())
                .isTrue();
    }

    @Test
    void nChoicesDifferAndTheirTokensAddUp() throws Exception {
        ObjectNode request = chat("Give me options.").put("n", 3);
        JsonNode body = postJson("chat/completions", request);

        List<String> texts = new ArrayList<>();
        int completion = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode choice = body.path("choices").get(i);
            assertThat(choice.path("index").asInt()).isEqualTo(i);
            texts.add(choice.path("message").path("content").asText());
            completion += TokenCounter.count(MODEL, texts.get(i));
        }
        assertThat(texts).doesNotHaveDuplicates();
        assertThat(texts.get(0)).isEqualTo(content(postJson("chat/completions", chat("Give me options."))));
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(completion);
    }

    @Test
    void tokenLimitCutsTheReplyWithFinishReasonLength() throws Exception {
        String full = content(postJson("chat/completions", chat("A long story.")));
        JsonNode cut = postJson("chat/completions", chat("A long story.").put("max_tokens", 5));
        JsonNode cutNewStyle =
                postJson("chat/completions", chat("A long story.").put("max_completion_tokens", 5));

        JsonNode choice = cut.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
        assertThat(cut.path("usage").path("completion_tokens").asInt()).isBetween(1, 5);
        assertThat(full).startsWith(choice.path("message").path("content").asText());
        assertThat(cutNewStyle.path("choices").get(0).path("message")).isEqualTo(choice.path("message"));
    }

    @Test
    void callsTheFirstToolWithArgumentsFilledFromItsSchema() throws Exception {
        JsonNode body = postJson("chat/completions", withTools(chat("What is the weather in Paris?")));

        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode message = choice.path("message");
        assertThat(message.path("content").isNull()).isTrue();
        JsonNode call = message.path("tool_calls").get(0);
        assertThat(call.path("id").asText()).startsWith("call_");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        JsonNode args = JSON.readTree(call.path("function").path("arguments").asText());
        assertThat(args.has("city")).isTrue();
        assertThat(args.path("city").isTextual()).isTrue();
        assertThat(args.path("unit").asText()).isEqualTo("celsius");
        assertThat(args.path("days").isIntegralNumber()).isTrue();
        assertThat(args.path("detailed").asBoolean()).isTrue();
    }

    @Test
    void callsTheToolNamedByToolChoice() throws Exception {
        ObjectNode request = withTools(chat("Look something up."));
        request.putObject("tool_choice")
                .put("type", "function")
                .putObject("function")
                .put("name", "search");
        JsonNode call = postJson("chat/completions", request)
                .path("choices")
                .get(0)
                .path("message")
                .path("tool_calls")
                .get(0);

        assertThat(call.path("function").path("name").asText()).isEqualTo("search");
        assertThat(JSON.readTree(call.path("function").path("arguments").asText())
                        .has("query"))
                .isTrue();
    }

    @Test
    void answersInTextOnceTheToolResultIsBack() throws Exception {
        ObjectNode request = withTools(chat("What is the weather in Paris?"));
        ArrayNode messages = (ArrayNode) request.get("messages");
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        assistant.putNull("content");
        assistant
                .putArray("tool_calls")
                .addObject()
                .put("id", "call_1")
                .put("type", "function")
                .putObject("function")
                .put("name", "get_weather")
                .put("arguments", "{\"city\":\"Paris\"}");
        messages.addObject().put("role", "tool").put("tool_call_id", "call_1").put("content", "sunny");

        JsonNode choice = postJson("chat/completions", request).path("choices").get(0);

        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.path("message").path("content").asText()).isNotBlank();
        assertThat(choice.path("message").has("tool_calls")).isFalse();
    }

    @Test
    void streamsOpenAiEventSequenceEndingWithUsageAndDone() throws Exception {
        ObjectNode request = chat("Stream to me.").put("stream", true);
        request.putObject("stream_options").put("include_usage", true);
        HttpResponse<Stream<String>> response = postStream(request);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        Events events = Events.read(response);
        assertThat(events.brokenOff()).isFalse();
        assertThat(events.data()).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = events.chunks();

        JsonNode first = chunks.get(0);
        assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.path("choices").get(0).path("delta").path("role").asText())
                .isEqualTo("assistant");
        assertThat(first.path("choices").get(0).path("delta").path("content").asText())
                .isEmpty();
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(finish.path("choices").get(0).path("delta").isEmpty()).isTrue();
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.path("choices").isArray()).isTrue();
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.path("usage").path("total_tokens").asInt()).isPositive();
        for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
            assertThat(chunk.has("usage")).isTrue();
            assertThat(chunk.path("usage").isNull()).isTrue();
            assertThat(chunk.path("id").asText()).isEqualTo(first.path("id").asText());
            assertThat(chunk.path("created").asLong())
                    .isEqualTo(first.path("created").asLong());
        }
        assertThat(chunks).hasSize(1 + 24 + 1 + 1);
    }

    @Test
    void streamedTextEqualsUnaryTextAndUsage() throws Exception {
        JsonNode unary = postJson("chat/completions", chat("Same either way."));
        ObjectNode request = chat("Same either way.").put("stream", true);
        request.putObject("stream_options").put("include_usage", true);

        List<JsonNode> chunks = Events.read(postStream(request)).chunks();
        StringBuilder streamed = new StringBuilder();
        for (JsonNode chunk : chunks) {
            for (JsonNode choice : chunk.path("choices")) {
                streamed.append(choice.path("delta").path("content").asText(""));
            }
        }

        assertThat(streamed.toString()).isEqualTo(content(unary));
        assertThat(chunks.get(chunks.size() - 1).path("usage")).isEqualTo(unary.path("usage"));
    }

    @Test
    void withoutIncludeUsageChunksCarryNoUsageField() throws Exception {
        List<JsonNode> chunks =
                Events.read(postStream(chat("No usage.").put("stream", true))).chunks();

        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.has("usage")).isFalse());
        assertThat(chunks.get(chunks.size() - 1)
                        .path("choices")
                        .get(0)
                        .path("finish_reason")
                        .asText())
                .isEqualTo("stop");
    }

    @Test
    void streamsToolCallsAsOpenAiDoes() throws Exception {
        JsonNode unaryCall = postJson("chat/completions", withTools(chat("Weather in Rome?")))
                .path("choices")
                .get(0)
                .path("message")
                .path("tool_calls")
                .get(0);

        List<JsonNode> chunks = Events.read(
                        postStream(withTools(chat("Weather in Rome?")).put("stream", true)))
                .chunks();
        JsonNode opening = chunks.get(0)
                .path("choices")
                .get(0)
                .path("delta")
                .path("tool_calls")
                .get(0);
        assertThat(opening.path("index").asInt()).isZero();
        assertThat(opening.path("id").asText()).isEqualTo(unaryCall.path("id").asText());
        assertThat(opening.path("type").asText()).isEqualTo("function");
        assertThat(opening.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(opening.path("function").path("arguments").asText()).isEmpty();
        StringBuilder arguments = new StringBuilder();
        for (JsonNode chunk : chunks.subList(1, chunks.size() - 1)) {
            JsonNode part = chunk.path("choices")
                    .get(0)
                    .path("delta")
                    .path("tool_calls")
                    .get(0);
            assertThat(part.path("index").asInt()).isZero();
            assertThat(part.has("id")).isFalse();
            arguments.append(part.path("function").path("arguments").asText());
        }
        assertThat(arguments.toString())
                .isEqualTo(unaryCall.path("function").path("arguments").asText());
        assertThat(chunks.get(chunks.size() - 1)
                        .path("choices")
                        .get(0)
                        .path("finish_reason")
                        .asText())
                .isEqualTo("tool_calls");
    }

    @Test
    void base64EmbeddingsDecodeToTheFloatVector() throws Exception {
        ObjectNode request = JSON.createObjectNode().put("model", "text-embedding-3-small");
        request.putArray("input").add("first text").add("second text");
        JsonNode floats = postJson("embeddings", request);
        JsonNode base64 = postJson("embeddings", request.deepCopy().put("encoding_format", "base64"));

        assertThat(floats.path("object").asText()).isEqualTo("list");
        assertThat(floats.path("model").asText()).isEqualTo("text-embedding-3-small");
        int tokens = TokenCounter.count("text-embedding-3-small", "first text")
                + TokenCounter.count("text-embedding-3-small", "second text");
        assertThat(floats.path("usage").path("prompt_tokens").asInt()).isEqualTo(tokens);
        assertThat(floats.path("usage").path("total_tokens").asInt()).isEqualTo(tokens);
        for (int i = 0; i < 2; i++) {
            JsonNode item = floats.path("data").get(i);
            assertThat(item.path("object").asText()).isEqualTo("embedding");
            assertThat(item.path("index").asInt()).isEqualTo(i);
            float[] vector = toFloats(item.path("embedding"));
            float[] decoded =
                    decodeBase64(base64.path("data").get(i).path("embedding").asText());
            assertThat(vector).hasSize(1536);
            assertThat(decoded).hasSize(1536);
            for (int d = 0; d < vector.length; d++) {
                assertThat((double) decoded[d]).isCloseTo(vector[d], within(1e-6));
            }
            assertThat(norm(vector)).isCloseTo(1.0, within(1e-5));
        }
        assertThat(toFloats(floats.path("data").get(0).path("embedding")))
                .isNotEqualTo(toFloats(floats.path("data").get(1).path("embedding")));
    }

    @Test
    void embeddingsHonourDimensionsModelSizeAndTokenInput() throws Exception {
        ObjectNode sized = JSON.createObjectNode()
                .put("model", "text-embedding-3-small")
                .put("input", "hi")
                .put("dimensions", 256);
        ObjectNode large =
                JSON.createObjectNode().put("model", "text-embedding-3-large").put("input", "hi");
        ObjectNode tokens = JSON.createObjectNode().put("model", "text-embedding-3-small");
        tokens.putArray("input").addArray().add(15339).add(1917);

        float[] small =
                toFloats(postJson("embeddings", sized).path("data").get(0).path("embedding"));
        assertThat(small).hasSize(256);
        assertThat(norm(small)).isCloseTo(1.0, within(1e-5));
        assertThat(postJson("embeddings", large)
                        .path("data")
                        .get(0)
                        .path("embedding")
                        .size())
                .isEqualTo(3072);
        JsonNode fromTokens = postJson("embeddings", tokens);
        assertThat(fromTokens.path("data").get(0).path("embedding").size()).isEqualTo(1536);
        assertThat(fromTokens.path("usage").path("prompt_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void statusDirectiveAnswersWithAnOpenAiError() throws Exception {
        HttpResponse<String> unavailable = post("chat/completions", chat("Fail please [mock:status=503]"));
        HttpResponse<String> limited = post("chat/completions", chat("Slow down [mock:status=429]"));

        assertThat(unavailable.statusCode()).isEqualTo(503);
        JsonNode error = JSON.readTree(unavailable.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(limited.body()).path("error").path("code").asText())
                .isEqualTo("rate_limit_exceeded");
    }

    @Test
    void truncateDirectiveCutsTheStreamBeforeFinishAndDone() throws Exception {
        Events events =
                Events.read(postStream(chat("Break off [mock:truncate=3]").put("stream", true)));

        assertThat(events.brokenOff()).isTrue();
        assertThat(events.data()).hasSize(3).doesNotContain("[DONE]");
        assertThat(events.chunks())
                .allSatisfy(chunk -> assertThat(chunk.path("choices")
                                .get(0)
                                .path("finish_reason")
                                .isNull())
                        .isTrue());
    }

    @Test
    void truncateDirectiveCutsAUnaryBodyShort() {
        assertThatThrownBy(() -> post("chat/completions", chat("Break off [mock:truncate=1]")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void latencyDirectiveDelaysTheAnswer() throws Exception {
        ManualClock clock = new ManualClock();
        MockUpstream slow =
                new MockUpstream(vertx, new MockSettings(Duration.ZERO, Duration.ZERO, 24, 0.0, 500), clock);
        URI slowBase =
                URI.create("http://127.0.0.1:" + slow.start("127.0.0.1", 0).await() + "/v1/");
        try {
            CompletableFuture<HttpResponse<String>> response = client.sendAsync(
                    HttpRequest.newBuilder(slowBase.resolve("chat/completions"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    chat("Take your time [mock:latency=250ms, words=3]")
                                            .toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10))
                    .until(clock::pendingDelays, delays -> delays.equals(List.of(Duration.ofMillis(250))));

            clock.advance(Duration.ofMillis(249));
            assertThat(response).as("not answered before its latency").isNotDone();
            clock.advance(Duration.ofMillis(1));

            assertThat(content(JSON.readTree(response.get(10, TimeUnit.SECONDS).body()))
                            .split(" "))
                    .hasSize(3);
        } finally {
            slow.stop().await();
        }
    }

    @Test
    void configuredErrorRateFailsModelCalls() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(failingBase.resolve("chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString(chat("Hi").toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(response.body()).path("error").path("type").asText())
                .isEqualTo("rate_limit_error");
    }

    @Test
    void rejectsMalformedRequestsAndUnknownPaths() throws Exception {
        HttpResponse<String> malformed = client.send(
                HttpRequest.newBuilder(base.resolve("chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noModel =
                post("chat/completions", (ObjectNode) chat("Hi").without("model"));
        HttpResponse<String> unknown = client.send(
                HttpRequest.newBuilder(base.resolve("completions/legacy")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("error").path("type").asText())
                .isEqualTo("invalid_request_error");
        assertThat(noModel.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noModel.body()).path("error").path("param").asText())
                .isEqualTo("model");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").path("message").asText())
                .isNotBlank();
    }

    @Test
    void listsTheMockModel() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(base.resolve("models")).GET().build(), HttpResponse.BodyHandlers.ofString());

        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("list");
        JsonNode model = body.path("data").get(0);
        assertThat(model.path("id").asText()).isEqualTo("mock-1");
        assertThat(model.path("object").asText()).isEqualTo("model");
        assertThat(model.path("created").isIntegralNumber()).isTrue();
        assertThat(model.path("owned_by").asText()).isEqualTo("gatehouse-mock");
    }

    private static ObjectNode chat(String prompt) {
        ObjectNode request = JSON.createObjectNode().put("model", MODEL);
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are terse.");
        messages.addObject().put("role", "user").put("content", prompt);
        return request;
    }

    private static ObjectNode withTools(ObjectNode request) {
        ArrayNode tools = request.putArray("tools");
        ObjectNode weather =
                tools.addObject().put("type", "function").putObject("function").put("name", "get_weather");
        ObjectNode params = weather.putObject("parameters").put("type", "object");
        ObjectNode props = params.putObject("properties");
        props.putObject("city").put("type", "string");
        props.putObject("unit")
                .put("type", "string")
                .putArray("enum")
                .add("celsius")
                .add("fahrenheit");
        props.putObject("days").put("type", "integer");
        props.putObject("detailed").put("type", "boolean");
        params.putArray("required").add("city").add("unit");
        ObjectNode search =
                tools.addObject().put("type", "function").putObject("function").put("name", "search");
        ObjectNode searchParams = search.putObject("parameters").put("type", "object");
        searchParams.putObject("properties").putObject("query").put("type", "string");
        return request;
    }

    private static HttpResponse<String> post(String path, ObjectNode body) throws IOException, InterruptedException {
        return client.send(request(path, body), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode postJson(String path, ObjectNode body) throws IOException, InterruptedException {
        HttpResponse<String> response = post(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<Stream<String>> postStream(ObjectNode body) throws IOException, InterruptedException {
        return client.send(request("chat/completions", body), HttpResponse.BodyHandlers.ofLines());
    }

    private static HttpRequest request(String path, ObjectNode body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private static String content(JsonNode body) {
        return body.path("choices").get(0).path("message").path("content").asText();
    }

    private static float[] toFloats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }

    private static float[] decodeBase64(String text) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes.getFloat();
        }
        return values;
    }

    private static double norm(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }

    /** The {@code data:} payloads of a server-sent event stream, and whether the connection broke before its end. */
    private record Events(List<String> data, boolean brokenOff) {

        static Events read(HttpResponse<Stream<String>> response) {
            List<String> data = new ArrayList<>();
            boolean brokenOff = false;
            try (Stream<String> lines = response.body()) {
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.startsWith("data: ")) {
                        data.add(line.substring("data: ".length()));
                    } else {
                        assertThat(line).isEmpty();
                    }
                }
            } catch (UncheckedIOException e) {
                brokenOff = true;
            }
            return new Events(data, brokenOff);
        }

        List<JsonNode> chunks() throws IOException {
            List<JsonNode> chunks = new ArrayList<>();
            for (String d : data) {
                if (!d.equals("[DONE]")) {
                    chunks.add(JSON.readTree(d));
                }
            }
            return chunks;
        }
    }
}
