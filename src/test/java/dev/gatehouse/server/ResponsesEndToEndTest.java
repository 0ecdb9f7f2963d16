package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseInputMessageItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.Tool;
import com.openai.models.responses.inputitems.InputItemListPage;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/responses} through the real server with the official openai-java SDK's Responses API as
 * the client, against the built-in mock and OpenAI-, Anthropic- and Gemini-format fake upstreams.
 */
class ResponsesEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OTHER_KEY = "sk-responses-other-key-0000000001";
    private static FakeUpstream openai;
    private static FakeUpstream nativeOpenAi;
    private static FakeUpstream anthropic;
    private static FakeUpstream gemini;
    private static FakeUpstream bedrock;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        openai = new FakeUpstream();
        nativeOpenAi = new FakeUpstream();
        anthropic = new FakeUpstream();
        gemini = new FakeUpstream();
        bedrock = new FakeUpstream();
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT
                + """
                  health_check_interval: 0s
                providers:
                  mock:
                    type: mock
                    mock:
                      chunk_interval: 0ms
                  openai-main:
                    type: openai
                    profile: vllm
                    base_url: %s
                    api_key: sk-upstream-secret-0000000001
                  openai-native:
                    type: openai
                    base_url: %s
                    api_key: sk-upstream-secret-0000000002
                  claude-main:
                    type: anthropic
                    base_url: %s
                    api_key: sk-ant-api03-upstream-secret-01
                  google:
                    type: gemini
                    base_url: %s
                    api_key: gemini-upstream-key
                  aws:
                    type: bedrock
                    base_url: %s
                    region: us-west-2
                    access_key_id: AKIAIOSFODNN7EXAMPLE
                    secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                models:
                  - name: gpt-mock
                    provider: mock
                  - name: gpt-4o-mini
                    provider: openai-main
                  - name: gpt-native
                    provider: openai-native
                    model: gpt-4.1
                  - name: claude
                    provider: claude-main
                    model: claude-sonnet-4-20250514
                  - name: gemini-flash
                    provider: google
                    model: gemini-2.0-flash
                  - name: bedrock-claude
                    provider: aws
                    model: anthropic.claude-3-5-sonnet-20240620-v1:0
                keys:
                  - id: other
                    key: %s
                """.formatted(
                                openai.baseUrl(),
                                nativeOpenAi.baseUrl(),
                                root(anthropic),
                                root(gemini),
                                root(bedrock),
                                OTHER_KEY));
    }

    private static String root(FakeUpstream fake) {
        return fake.baseUrl().substring(0, fake.baseUrl().length() - "/v1".length());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        openai.close();
        nativeOpenAi.close();
        anthropic.close();
        gemini.close();
        bedrock.close();
    }

    private static ResponseCreateParams.Builder ask(String model, String input) {
        return ResponseCreateParams.builder().model(model).input(input);
    }

    private static String text(Response response) {
        StringBuilder out = new StringBuilder();
        for (ResponseOutputItem item : response.output()) {
            item.message()
                    .ifPresent(m -> m.content().forEach(c -> c.outputText().ifPresent(t -> out.append(t.text()))));
        }
        return out.toString();
    }

    private static List<ResponseFunctionToolCall> calls(Response response) {
        List<ResponseFunctionToolCall> calls = new ArrayList<>();
        response.output().forEach(item -> item.functionCall().ifPresent(calls::add));
        return calls;
    }

    private static Tool weatherTool() {
        return Tool.ofFunction(FunctionTool.builder()
                .name("get_weather")
                .description("The weather in a city")
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty(
                                "properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .build())
                .strict(false)
                .build());
    }

    @Test
    void answersAStringInputAndAnItemInput() {
        Response fromString = gateway.client()
                .responses()
                .create(ask("gpt-mock", "Hello there").instructions("Be brief.").build());
        Response fromItems = gateway.client()
                .responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-mock")
                        .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                                .role(EasyInputMessage.Role.USER)
                                .content("Hello from an item")
                                .build())))
                        .build());

        for (Response r : List.of(fromString, fromItems)) {
            assertThat(r.id()).startsWith("resp_");
            assertThat(r.status()).contains(ResponseStatus.COMPLETED);
            assertThat(text(r)).isNotBlank();
            assertThat(r.usage().orElseThrow().inputTokens()).isPositive();
            assertThat(r.usage().orElseThrow().outputTokens()).isPositive();
            assertThat(r.usage().orElseThrow().totalTokens())
                    .isEqualTo(r.usage().orElseThrow().inputTokens()
                            + r.usage().orElseThrow().outputTokens());
        }
        assertThat(fromString.instructions()).isPresent();
    }

    @Test
    void translatesTheRequestToTheCanonicalChatRequest() {
        openai.then(FakeUpstream.json(200, Fixtures.text("openai/chat-completion.json")));

        Response r = gateway.client()
                .responses()
                .create(ask("gpt-4o-mini", "What is the weather?")
                        .instructions("You are terse.")
                        .tools(List.of(weatherTool()))
                        .parallelToolCalls(true)
                        .maxOutputTokens(77)
                        .temperature(0.5)
                        .build());

        assertThat(text(r)).isEqualTo("Hello! How can I assist you today?");
        assertThat(r.usage().orElseThrow().inputTokens()).isEqualTo(19);
        assertThat(r.usage().orElseThrow().outputTokens()).isEqualTo(10);
        JsonNode chat = openai.lastReceived().body();
        assertThat(openai.lastReceived().path()).isEqualTo("/v1/chat/completions");
        assertThat(chat.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(chat.path("messages").get(0).path("content").asText()).isEqualTo("You are terse.");
        assertThat(chat.path("messages").get(1).path("content").asText()).isEqualTo("What is the weather?");
        assertThat(chat.path("tools").get(0).path("function").path("name").asText())
                .isEqualTo("get_weather");
        assertThat(chat.path("max_completion_tokens").asInt()).isEqualTo(77);
        assertThat(chat.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(chat.has("input")).isFalse();
    }

    @Test
    void streamsTheTypedEventSequenceThatTheSdkAccumulates() {
        ResponseAccumulator accumulator = ResponseAccumulator.createWithSnapshots();
        List<String> types = new ArrayList<>();
        List<Long> sequence = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = gateway.client()
                .responses()
                .createStreaming(ask("gpt-mock", "Tell me a story").build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                JsonNode json = JSON.valueToTree(event._json().orElseThrow());
                types.add(json.path("type").asText());
                sequence.add(json.path("sequence_number").asLong());
            });
        }
        Response streamed = accumulator.response();

        assertThat(types.subList(0, 4))
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.content_part.added");
        assertThat(types).contains("response.output_text.delta");
        assertThat(types.subList(types.size() - 4, types.size()))
                .containsExactly(
                        "response.output_text.done",
                        "response.content_part.done",
                        "response.output_item.done",
                        "response.completed");
        for (int i = 0; i < sequence.size(); i++) {
            assertThat(sequence.get(i)).isEqualTo(i);
        }
        assertThat(streamed.status()).contains(ResponseStatus.COMPLETED);
        assertThat(text(streamed)).isNotBlank();
        assertThat(text(accumulator.reconstructedResponse())).isEqualTo(text(streamed));
        assertThat(streamed.usage().orElseThrow().outputTokens()).isPositive();
    }

    @Test
    void answersParallelToolCallsAndTakesTheirOutputsBack() throws Exception {
        openai.then(FakeUpstream.json(200, Fixtures.text("openai/chat-parallel-tools.json")));
        Response first = gateway.client()
                .responses()
                .create(ask("gpt-4o-mini", "Weather in Paris and Tokyo?")
                        .tools(List.of(weatherTool()))
                        .build());

        List<ResponseFunctionToolCall> calls = calls(first);
        assertThat(calls).extracting(ResponseFunctionToolCall::callId).containsExactly("call_paris", "call_tokyo");
        assertThat(calls).extracting(ResponseFunctionToolCall::name).containsOnly("get_weather");
        assertThat(JSON.readTree(calls.get(1).arguments()).path("location").asText())
                .isEqualTo("Tokyo");

        openai.then(FakeUpstream.json(200, Fixtures.text("openai/chat-completion.json")));
        Response second = gateway.client()
                .responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-4o-mini")
                        .previousResponseId(first.id())
                        .tools(List.of(weatherTool()))
                        .inputOfResponse(List.of(
                                ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                        .callId("call_paris")
                                        .output("18C, sunny")
                                        .build()),
                                ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                        .callId("call_tokyo")
                                        .output("22C, rain")
                                        .build())))
                        .build());

        assertThat(second.previousResponseId()).contains(first.id());
        JsonNode messages = openai.lastReceived().body().path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(0).toString()).contains("Weather in Paris and Tokyo?");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).path("tool_calls")).hasSize(2);
        assertThat(messages.get(2).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).path("tool_call_id").asText()).isEqualTo("call_paris");
        assertThat(messages.get(3).path("tool_call_id").asText()).isEqualTo("call_tokyo");
        assertThat(messages.get(3).path("content").asText()).isEqualTo("22C, rain");
    }

    @Test
    void streamsParallelToolCallsAsSeparateItems() {
        openai.then(FakeUpstream.sse(
                Fixtures.sseData("openai/chat-parallel-tools-stream.sse"), Duration.ZERO, FakeUpstream.After.END));

        ResponseAccumulator accumulator = ResponseAccumulator.createWithSnapshots();
        try (StreamResponse<ResponseStreamEvent> stream = gateway.client()
                .responses()
                .createStreaming(ask("gpt-4o-mini", "Weather in Paris and Tokyo?")
                        .tools(List.of(weatherTool()))
                        .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        Response streamed = accumulator.response();
        assertThat(calls(streamed))
                .extracting(ResponseFunctionToolCall::callId)
                .containsExactly("call_paris", "call_tokyo");
        assertThat(calls(streamed))
                .extracting(ResponseFunctionToolCall::arguments)
                .containsExactly("{\"location\":\"Paris\"}", "{\"location\":\"Tokyo\"}");
        assertThat(calls(accumulator.reconstructedResponse())).hasSize(2);
        assertThat(streamed.usage().orElseThrow().inputTokens()).isEqualTo(82);
    }

    @Test
    void continuesAConversationAcrossProviders() {
        openai.then(FakeUpstream.json(200, Fixtures.text("openai/chat-completion.json")));
        Response first = gateway.client()
                .responses()
                .create(ask("gpt-4o-mini", "My name is Ada.").build());

        anthropic.then(FakeUpstream.json(200, Fixtures.text("anthropic/message-hello.json")));
        Response second = gateway.client()
                .responses()
                .create(ask("claude", "What is my name?")
                        .previousResponseId(first.id())
                        .instructions("Answer in one word.")
                        .build());

        JsonNode claudeRequest = anthropic.lastReceived().body();
        assertThat(anthropic.lastReceived().path()).isEqualTo("/v1/messages");
        assertThat(claudeRequest.toString()).contains("Answer in one word.");
        JsonNode claudeMessages = claudeRequest.path("messages");
        assertThat(claudeMessages).hasSize(3);
        assertThat(claudeMessages.get(0).toString()).contains("My name is Ada.");
        assertThat(claudeMessages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(claudeMessages.get(1).toString()).contains("Hello! How can I assist you today?");
        assertThat(claudeMessages.get(2).toString()).contains("What is my name?");
        assertThat(text(second)).isEqualTo("Hello! How can I help you today?");

        gemini.then(FakeUpstream.json(200, Fixtures.text("gemini/chat-hello.json")));
        Response third = gateway.client()
                .responses()
                .create(ask("gemini-flash", "And again?")
                        .previousResponseId(second.id())
                        .build());

        JsonNode contents = gemini.lastReceived().body().path("contents");
        assertThat(contents).hasSize(5);
        assertThat(contents.get(0).toString()).contains("My name is Ada.");
        assertThat(contents.get(3).path("role").asText()).isEqualTo("model");
        assertThat(contents.get(3).toString()).contains("Hello! How can I help you today?");
        assertThat(contents.get(4).toString()).contains("And again?");
        // instructions are not carried over from an earlier response (OpenAI's conversation-state guide)
        assertThat(gemini.lastReceived().body().toString()).doesNotContain("Answer in one word.");

        bedrock.then(FakeUpstream.json(200, Fixtures.text("bedrock/converse-hello.json")));
        Response fourth = gateway.client()
                .responses()
                .create(ask("bedrock-claude", "Last one.")
                        .previousResponseId(third.id())
                        .build());

        assertThat(bedrock.lastReceived().path()).endsWith("/converse");
        JsonNode converse = bedrock.lastReceived().body().path("messages");
        assertThat(converse).hasSize(7);
        assertThat(converse.get(0).toString()).contains("My name is Ada.");
        assertThat(converse.get(5).path("role").asText()).isEqualTo("assistant");
        assertThat(converse.get(6).toString()).contains("Last one.");
        assertThat(text(fourth)).isNotBlank();
        assertThat(fourth.previousResponseId()).contains(third.id());
    }

    @Test
    void retrievesListsInputItemsAndDeletes() {
        Response created = gateway.client()
                .responses()
                .create(ask("gpt-mock", "Keep this one").build());

        Response retrieved = gateway.client().responses().retrieve(created.id());
        assertThat(retrieved.id()).isEqualTo(created.id());
        assertThat(text(retrieved)).isEqualTo(text(created));

        InputItemListPage items = gateway.client().responses().inputItems().list(created.id());
        assertThat(items.data()).hasSize(1);
        ResponseInputMessageItem item =
                items.data().get(0).responseInputMessageItem().orElseThrow();
        assertThat(item.content().get(0).inputText().orElseThrow().text()).isEqualTo("Keep this one");
        assertThat(item.id()).startsWith("msg_");
        assertThat(items.hasNextPage()).isFalse();

        gateway.client().responses().delete(created.id());
        assertThatThrownBy(() -> gateway.client().responses().retrieve(created.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> gateway.client().responses().delete(created.id()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void anotherKeysResponseIsNotFound() {
        Response mine =
                gateway.client().responses().create(ask("gpt-mock", "Mine").build());

        assertThatThrownBy(() -> gateway.client(OTHER_KEY).responses().retrieve(mine.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> gateway.client(OTHER_KEY).responses().delete(mine.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> gateway.client(OTHER_KEY)
                        .responses()
                        .create(ask("gpt-mock", "Go on")
                                .previousResponseId(mine.id())
                                .build()))
                .isInstanceOfSatisfying(
                        NotFoundException.class, e -> assertThat(e.param()).contains("previous_response_id"));
        assertThat(gateway.client().responses().retrieve(mine.id()).id()).isEqualTo(mine.id());
    }

    @Test
    void aResponseNotStoredCannotBeRetrievedOrContinued() {
        Response unkept = gateway.client()
                .responses()
                .create(ask("gpt-mock", "Forget this").store(false).build());

        assertThatThrownBy(() -> gateway.client().responses().retrieve(unkept.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> gateway.client()
                        .responses()
                        .create(ask("gpt-mock", "Go on")
                                .previousResponseId(unkept.id())
                                .build()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void anUpstreamFailureAfterTheFirstByteEndsWithResponseFailed() throws Exception {
        List<String> events = Fixtures.sseData("openai/chat-stream-usage.sse").subList(0, 2);
        openai.then(FakeUpstream.sse(events, Duration.ZERO, FakeUpstream.After.RESET));

        HttpResponse<String> response =
                gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/responses"))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4o-mini\",\"input\":\"Hi\",\"stream\":true}"))
                        .build());

        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> sent = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: ")) {
                sent.add(JSON.readTree(line.substring(6)));
            }
        }
        List<String> types = sent.stream().map(e -> e.path("type").asText()).toList();
        assertThat(types).startsWith("response.created", "response.in_progress");
        assertThat(types).contains("response.output_text.delta");
        assertThat(types).endsWith("error", "response.failed");
        assertThat(types).doesNotContain("response.completed", "response.output_item.done");
        assertThat(response.body()).doesNotContain("[DONE]");
        JsonNode failed = sent.get(sent.size() - 1).path("response");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").path("code").asText()).isEqualTo("server_error");

        ResponseAccumulator accumulator = ResponseAccumulator.create();
        openai.then(FakeUpstream.sse(events, Duration.ZERO, FakeUpstream.After.RESET));
        List<ResponseStreamEvent> seen = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = gateway.client()
                .responses()
                .createStreaming(ask("gpt-4o-mini", "Hi").build())) {
            stream.stream().forEach(event -> {
                seen.add(event);
                accumulator.accumulate(event);
            });
        }
        assertThat(seen.get(seen.size() - 1).isFailed()).isTrue();
        assertThat(seen.get(seen.size() - 2).isError()).isTrue();
        assertThat(accumulator.response().status()).contains(ResponseStatus.FAILED);
    }

    @Test
    void recordsTheUsageOfAResponsesRequestLikeAnyOther() throws Exception {
        openai.then(FakeUpstream.json(200, Fixtures.text("openai/chat-completion.json")));
        HttpResponse<String> response =
                gateway.post("/v1/responses", "application/json", "{\"model\":\"gpt-4o-mini\",\"input\":\"Hi\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Connection c = gateway.server().database().dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT public_model, provider, input_tokens, output_tokens, status FROM usage_records WHERE request_id = ?")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("gpt-4o-mini");
                    assertThat(rs.getString(2)).isEqualTo("openai-main");
                    assertThat(rs.getLong(3)).isEqualTo(19);
                    assertThat(rs.getLong(4)).isEqualTo(10);
                    assertThat(rs.getInt(5)).isEqualTo(200);
                }
            }
        });
    }

    @Test
    void sendsTheClientsBodyToAnOpenAiDeploymentNatively() throws Exception {
        nativeOpenAi.then(FakeUpstream.json(200, Fixtures.text("openai/response-hello.json")));
        HttpResponse<String> raw = gateway.post(
                "/v1/responses",
                "application/json",
                "{\"model\":\"gpt-native\",\"input\":\"Tell me a story\",\"truncation\":\"auto\",\"include\":[\"reasoning.encrypted_content\"]}");

        assertThat(raw.statusCode()).isEqualTo(200);
        FakeUpstream.Received sent = nativeOpenAi.lastReceived();
        assertThat(sent.path()).isEqualTo("/v1/responses");
        assertThat(sent.body().path("model").asText()).isEqualTo("gpt-4.1");
        assertThat(sent.body().path("truncation").asText()).isEqualTo("auto");
        assertThat(sent.body().path("include").get(0).asText()).isEqualTo("reasoning.encrypted_content");
        assertThat(JSON.readTree(raw.body())).isEqualTo(JSON.readTree(Fixtures.text("openai/response-hello.json")));

        String id = JSON.readTree(raw.body()).path("id").asText();
        Response kept = gateway.client().responses().retrieve(id);
        assertThat(text(kept)).startsWith("In a peaceful grove");
        assertThat(kept.usage().orElseThrow().outputTokens()).isEqualTo(87);

        // The gateway's own conversation goes to OpenAI spelled out, since OpenAI does not know the id.
        nativeOpenAi.then(FakeUpstream.json(200, Fixtures.text("openai/chat-completion.json")));
        Response next = gateway.client()
                .responses()
                .create(ask("gpt-native", "And then?").previousResponseId(id).build());
        assertThat(nativeOpenAi.lastReceived().path()).isEqualTo("/v1/chat/completions");
        assertThat(nativeOpenAi.lastReceived().body().path("messages")).hasSize(3);
        assertThat(text(next)).isEqualTo("Hello! How can I assist you today?");
    }

    @Test
    void relaysAnOpenAiDeploymentsOwnStreamAndKeepsItsResponse() {
        nativeOpenAi.then(new FakeUpstream.Frames(
                "text/event-stream",
                FakeUpstream.sseEvents("openai/response-hello-stream.sse"),
                Duration.ZERO,
                FakeUpstream.After.END));

        ResponseAccumulator accumulator = ResponseAccumulator.createWithSnapshots();
        try (StreamResponse<ResponseStreamEvent> stream = gateway.client()
                .responses()
                .createStreaming(ask("gpt-native", "Tell me a story").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        Response streamed = accumulator.response();
        assertThat(streamed.id()).isEqualTo("resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b");
        assertThat(text(accumulator.reconstructedResponse()))
                .isEqualTo("In a peaceful grove beneath a silver moon, a unicorn named Lumina slept.");
        assertThat(nativeOpenAi.lastReceived().path()).isEqualTo("/v1/responses");
        assertThat(nativeOpenAi.lastReceived().body().path("stream").asBoolean())
                .isTrue();
        assertThat(text(gateway.client().responses().retrieve(streamed.id()))).isEqualTo(text(streamed));
    }

    @Test
    void aRelayedStreamThatBreaksEndsWithResponseFailed() throws Exception {
        nativeOpenAi.then(new FakeUpstream.Frames(
                "text/event-stream",
                FakeUpstream.sseEvents("openai/response-hello-stream.sse").subList(0, 5),
                Duration.ZERO,
                FakeUpstream.After.RESET));

        HttpResponse<String> response = gateway.post(
                "/v1/responses", "application/json", "{\"model\":\"gpt-native\",\"input\":\"Hi\",\"stream\":true}");

        List<String> types = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: ")) {
                types.add(JSON.readTree(line.substring(6)).path("type").asText());
            }
        }
        assertThat(types)
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.content_part.added",
                        "response.output_text.delta",
                        "error",
                        "response.failed");
    }

    @Test
    void refusesABadFieldNamingIt() {
        assertThatThrownBy(() -> gateway.client()
                        .responses()
                        .create(ask("gpt-mock", "Hi")
                                .tools(List.of(Tool.ofWebSearch(com.openai.models.responses.WebSearchTool.builder()
                                        .type(com.openai.models.responses.WebSearchTool.Type.WEB_SEARCH)
                                        .build())))
                                .build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class, e -> assertThat(e.param()).contains("tools[0].type"));
    }

    @Test
    void refusesMissingInputAndBadItemsWithTheirPath() throws Exception {
        HttpResponse<String> noInput = gateway.post("/v1/responses", "application/json", "{\"model\":\"gpt-mock\"}");
        assertThat(noInput.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noInput.body()).path("error").path("param").asText())
                .isEqualTo("input");

        HttpResponse<String> badPart = gateway.post(
                "/v1/responses",
                "application/json",
                "{\"model\":\"gpt-mock\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":1}]}]}");
        assertThat(badPart.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(badPart.body()).path("error");
        assertThat(error.path("param").asText()).isEqualTo("input[0].content[0].text");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");

        HttpResponse<String> badFormat = gateway.post(
                "/v1/responses",
                "application/json",
                "{\"model\":\"gpt-mock\",\"input\":\"x\",\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"n\"}}}");
        assertThat(JSON.readTree(badFormat.body()).path("error").path("param").asText())
                .isEqualTo("text.format.schema");
    }
}
