package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.OpenApiSchema;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Responses object, stream event and list the gateway produces, validated against OpenAI's
 * OpenAPI document ({@code Response}, the {@code ResponseStreamEvent} member named by each event's
 * {@code type}, {@code ResponseItemList}): text, parallel tool calls, an incomplete answer and a
 * stream that breaks.
 */
class ResponsesSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiSchema SPEC = OpenApiSchema.openAi();
    private static final String TOOLS =
            ",\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}}]";
    private static FakeUpstream openai;
    private static FakeUpstream nativeOpenAi;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        openai = new FakeUpstream();
        nativeOpenAi = new FakeUpstream();
        gateway =
                TestGateway.start(TestGateway.SINGLE_ATTEMPT + """
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
                models:
                  - name: gpt-mock
                    provider: mock
                  - name: gpt-4o-mini
                    provider: openai-main
                  - name: gpt-native
                    provider: openai-native
                    model: gpt-4.1
                """.formatted(openai.baseUrl(), nativeOpenAi.baseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        openai.close();
        nativeOpenAi.close();
    }

    /** The stream event schema for each event {@code type}, read from ResponseStreamEvent's members. */
    private static Map<String, String> eventSchemas() {
        Map<String, String> byType = new HashMap<>();
        for (JsonNode member : SPEC.schema("ResponseStreamEvent").path("anyOf")) {
            String ref = member.path("$ref").asText();
            String name = ref.substring(ref.lastIndexOf('/') + 1);
            for (JsonNode type :
                    SPEC.schema(name).path("properties").path("type").path("enum")) {
                byType.put(type.asText(), name);
            }
        }
        return byType;
    }

    private static JsonNode create(String body) throws Exception {
        HttpResponse<String> response = gateway.post("/v1/responses", "application/json", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<JsonNode> stream(String body) throws Exception {
        HttpResponse<String> response = gateway.post("/v1/responses", "application/json", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        String name = null;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("event: ")) {
                name = line.substring(7);
            } else if (line.startsWith("data: ")) {
                JsonNode event = JSON.readTree(line.substring(6));
                assertThat(event.path("type").asText())
                        .as("the event line names the data's type")
                        .isEqualTo(name);
                events.add(event);
            }
        }
        return events;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                .GET()
                .build());
    }

    @Test
    void everyResponseObjectMatchesTheSpec() throws Exception {
        List<JsonNode> responses = new ArrayList<>();
        responses.add(create("{\"model\":\"gpt-mock\",\"input\":\"Hello\",\"instructions\":\"Be brief.\","
                + "\"metadata\":{\"case\":\"text\"},\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"answer\","
                + "\"schema\":{\"type\":\"object\"},\"strict\":true}},\"reasoning\":{\"effort\":\"low\"}}"));
        openai.then(FakeUpstream.json(200, Fixtures.text("openai/chat-parallel-tools.json")));
        responses.add(create("{\"model\":\"gpt-4o-mini\",\"input\":\"Weather?\"" + TOOLS
                + ",\"tool_choice\":{\"type\":\"function\",\"name\":\"get_weather\"}}"));
        openai.then(FakeUpstream.json(200, Fixtures.text("openai/chat-length.json")));
        JsonNode incomplete = create("{\"model\":\"gpt-4o-mini\",\"input\":\"Write a lot\",\"max_output_tokens\":16}");
        assertThat(incomplete.path("status").asText()).isEqualTo("incomplete");
        assertThat(incomplete.path("incomplete_details").path("reason").asText())
                .isEqualTo("max_output_tokens");
        responses.add(incomplete);
        responses.add(JSON.readTree(
                get("/v1/responses/" + responses.get(1).path("id").asText()).body()));

        for (JsonNode response : responses) {
            assertThat(SPEC.problems(response, "Response"))
                    .as(response.toString())
                    .isEmpty();
        }

        HttpResponse<String> items =
                get("/v1/responses/" + responses.get(1).path("id").asText() + "/input_items");
        assertThat(SPEC.problems(JSON.readTree(items.body()), "ResponseItemList"))
                .as(items.body())
                .isEmpty();
    }

    @Test
    void everyStreamEventMatchesTheSpec() throws Exception {
        List<JsonNode> events =
                new ArrayList<>(stream("{\"model\":\"gpt-mock\",\"input\":\"Tell me a story\",\"stream\":true}"));
        openai.then(FakeUpstream.sse(
                Fixtures.sseData("openai/chat-parallel-tools-stream.sse"), Duration.ZERO, FakeUpstream.After.END));
        events.addAll(stream("{\"model\":\"gpt-4o-mini\",\"input\":\"Weather?\",\"stream\":true" + TOOLS + "}"));
        openai.then(FakeUpstream.sse(
                Fixtures.sseData("openai/chat-stream-usage.sse").subList(0, 2),
                Duration.ZERO,
                FakeUpstream.After.RESET));
        events.addAll(stream("{\"model\":\"gpt-4o-mini\",\"input\":\"Hi\",\"stream\":true}"));

        Map<String, String> schemas = eventSchemas();
        List<String> types =
                events.stream().map(e -> e.path("type").asText()).distinct().toList();
        assertThat(types)
                .contains(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.content_part.added",
                        "response.output_text.delta",
                        "response.output_text.done",
                        "response.content_part.done",
                        "response.function_call_arguments.delta",
                        "response.function_call_arguments.done",
                        "response.output_item.done",
                        "response.completed",
                        "error",
                        "response.failed");
        for (JsonNode event : events) {
            String schema = schemas.get(event.path("type").asText());
            assertThat(schema).as("a schema for " + event.path("type")).isNotNull();
            assertThat(SPEC.problems(event, schema)).as(event.toString()).isEmpty();
        }
    }

    @Test
    void theValidatorRejectsWhatTheSpecForbids() throws Exception {
        ObjectNode response = (ObjectNode) create("{\"model\":\"gpt-mock\",\"input\":\"Hello\"}");
        response.remove("output");
        response.put("status", "finished");
        ((ObjectNode) response.path("usage")).put("input_tokens", "many");

        assertThat(SPEC.problems(response, "Response"))
                .anySatisfy(p -> assertThat(p).contains("missing required property 'output'"))
                .anySatisfy(p -> assertThat(p).contains("\"finished\" is not one of"))
                .anySatisfy(p -> assertThat(p).contains("$.usage.input_tokens"));
    }
}
