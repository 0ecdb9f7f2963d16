package dev.gatehouse.provider.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every provider adapter × every scenario, end to end: the official OpenAI SDK calls the gateway,
 * the gateway calls a fake upstream scripted in that provider's wire format, and the client must
 * see the same canonical answer whatever the provider. An unsupported pair is reported as aborted
 * with its reason, never skipped silently.
 */
class ScenarioMatrixTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "matrix-model";
    private static final List<AutoCloseable> OPEN = new ArrayList<>();

    @AfterAll
    static void closeAll() throws Exception {
        for (AutoCloseable c : OPEN) {
            c.close();
        }
    }

    @TestFactory
    Stream<DynamicContainer> everyAdapterInEveryScenario() {
        return Dialects.all().stream().map(dialect -> {
            Harness harness = new Harness(dialect);
            return DynamicContainer.dynamicContainer(
                    dialect.name(),
                    Stream.of(Scenario.values())
                            .map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> harness.run(scenario))));
        });
    }

    /** One gateway in front of one fake upstream that speaks the dialect; started on first use. */
    private static final class Harness {
        private final Dialect dialect;
        private FakeUpstream fake;
        private TestGateway gateway;

        Harness(Dialect dialect) {
            this.dialect = dialect;
        }

        void run(Scenario scenario) throws Exception {
            Optional<String> reason = dialect.unsupported(scenario);
            Assumptions.assumeTrue(
                    reason.isEmpty(), () -> "unsupported by " + dialect.name() + ": " + reason.orElse(""));
            start();
            int before = fake.received().size();
            dialect.script(scenario, fake);
            check(scenario);
            assertThat(fake.received())
                    .as("the adapter called the upstream once")
                    .hasSize(before + 1);
            dialect.verifyRequest(scenario, fake.lastReceived());
        }

        private void start() {
            if (gateway != null) {
                return;
            }
            fake = new FakeUpstream();
            OPEN.add(fake);
            String root = fake.baseUrl().substring(0, fake.baseUrl().length() - "/v1".length());
            StringBuilder yaml = new StringBuilder(TestGateway.SINGLE_ATTEMPT).append("providers:\n  under-test:\n");
            for (String line : dialect.providerYaml(root).strip().split("\n")) {
                yaml.append("    ").append(line).append('\n');
            }
            yaml.append("    timeouts:\n      idle: 3s\n      total: 10s\n");
            yaml.append("models:\n  - name: ")
                    .append(MODEL)
                    .append("\n    provider: under-test\n    model: \"")
                    .append(dialect.upstreamModel())
                    .append("\"\n");
            gateway = TestGateway.start(yaml.toString());
            OPEN.add(gateway);
        }

        private void check(Scenario scenario) throws Exception {
            switch (scenario) {
                case SIMPLE_CHAT -> simpleChat();
                case STREAMING -> streaming();
                case TOOLS -> tools();
                case STREAMED_TOOLS -> streamedTools();
                case IMAGE_INPUT -> image();
                case MAX_TOKENS_STOP -> maxTokens();
                case ERROR_RATE_LIMITED -> expectError(429, null);
                case ERROR_CONTEXT_LENGTH -> expectError(400, "context_length_exceeded");
                case ERROR_AUTH -> {
                    JsonNode error = expectError(502, "upstream_auth_error");
                    assertThat(error.path("message").asText())
                            .as("the gateway's own message, never the provider's about its key")
                            .startsWith("Provider 'under-test' rejected the gateway's credentials");
                }
                case ERROR_INVALID_REQUEST -> expectError(400, null);
                case ERROR_CONTENT_FILTER -> contentFilter();
                case ERROR_SERVER -> expectError(500, null);
                case ERROR_OVERLOADED -> expectError(503, null);
                case ERROR_IN_STREAM -> errorInStream();
                case BAD_RESPONSE_NOT_JSON, BAD_RESPONSE_WRONG_FORMAT -> {
                    JsonNode error = expectError(502, "bad_upstream_response");
                    assertThat(error.path("message").asText()).contains("'under-test'");
                }
            }
        }

        private ChatCompletionCreateParams.Builder chat() {
            return ChatCompletionCreateParams.builder()
                    .model(MODEL)
                    .addSystemMessage(Scenario.SYSTEM)
                    .addUserMessage(Scenario.USER)
                    .temperature(Scenario.TEMPERATURE)
                    .maxCompletionTokens(Scenario.MAX_TOKENS)
                    .stopOfStrings(List.of(Scenario.STOP));
        }

        private ChatCompletionCreateParams.Builder toolChat() {
            return ChatCompletionCreateParams.builder()
                    .model(MODEL)
                    .addUserMessage(Scenario.TOOL_USER)
                    .addFunctionTool(FunctionDefinition.builder()
                            .name(Scenario.TOOL_NAME)
                            .description(Scenario.TOOL_DESCRIPTION)
                            .parameters(FunctionParameters.builder()
                                    .putAdditionalProperty("type", JsonValue.from("object"))
                                    .putAdditionalProperty(
                                            "properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                                    .putAdditionalProperty("required", JsonValue.from(List.of("location")))
                                    .build())
                            .build());
        }

        private void simpleChat() {
            ChatCompletion completion = gateway.client().chat().completions().create(chat().build());

            assertThat(completion.choices()).hasSize(1);
            assertThat(completion.choices().get(0).message().content()).contains(Scenario.TEXT);
            assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
            CompletionUsage usage = completion.usage().orElseThrow();
            assertThat(usage.promptTokens()).isEqualTo(dialect.promptTokens());
            assertThat(usage.completionTokens()).isEqualTo(Scenario.COMPLETION_TOKENS);
            assertThat(usage.totalTokens()).isEqualTo(dialect.promptTokens() + Scenario.COMPLETION_TOKENS);
        }

        private void streaming() {
            StringBuilder text = new StringBuilder();
            List<String> pieces = new ArrayList<>();
            List<String> finishes = new ArrayList<>();
            List<CompletionUsage> usages = new ArrayList<>();
            try (StreamResponse<ChatCompletionChunk> stream = gateway.client()
                    .chat()
                    .completions()
                    .createStreaming(chat().streamOptions(ChatCompletionStreamOptions.builder()
                                    .includeUsage(true)
                                    .build())
                            .build())) {
                stream.stream().forEach(chunk -> {
                    chunk.usage().ifPresent(usages::add);
                    chunk.choices().forEach(choice -> {
                        choice.delta().content().filter(c -> !c.isEmpty()).ifPresent(c -> {
                            text.append(c);
                            pieces.add(c);
                        });
                        choice.finishReason().ifPresent(f -> finishes.add(f.asString()));
                    });
                });
            }

            assertThat(text.toString()).isEqualTo(Scenario.TEXT);
            assertThat(pieces.size()).as("streamed in pieces").isGreaterThanOrEqualTo(3);
            assertThat(finishes).containsExactly("stop");
            assertThat(usages).hasSize(1);
            assertThat(usages.get(0).promptTokens()).isEqualTo(dialect.promptTokens());
            assertThat(usages.get(0).completionTokens()).isEqualTo(Scenario.COMPLETION_TOKENS);
        }

        private void tools() throws Exception {
            ChatCompletion completion =
                    gateway.client().chat().completions().create(toolChat().build());

            ChatCompletion.Choice choice = completion.choices().get(0);
            assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
            ChatCompletionMessageFunctionToolCall call =
                    choice.message().toolCalls().orElseThrow().get(0).asFunction();
            assertThat(call.id()).isNotBlank();
            assertThat(call.function().name()).isEqualTo(Scenario.TOOL_NAME);
            assertThat(JSON.readTree(call.function().arguments())).isEqualTo(JSON.readTree(Scenario.TOOL_ARGUMENTS));
        }

        private void streamedTools() throws Exception {
            StringBuilder arguments = new StringBuilder();
            List<String> names = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            List<String> finishes = new ArrayList<>();
            try (StreamResponse<ChatCompletionChunk> stream = gateway.client()
                    .chat()
                    .completions()
                    .createStreaming(toolChat().build())) {
                stream.stream()
                        .forEach(chunk -> chunk.choices().forEach(choice -> {
                            choice.delta()
                                    .toolCalls()
                                    .ifPresent(calls -> calls.forEach(call -> {
                                        call.id().ifPresent(ids::add);
                                        call.function().ifPresent(f -> {
                                            f.name().ifPresent(names::add);
                                            f.arguments().ifPresent(arguments::append);
                                        });
                                    }));
                            choice.finishReason().ifPresent(f -> finishes.add(f.asString()));
                        }));
            }

            assertThat(names).containsExactly(Scenario.TOOL_NAME);
            assertThat(ids).hasSize(1);
            assertThat(JSON.readTree(arguments.toString())).isEqualTo(JSON.readTree(Scenario.TOOL_ARGUMENTS));
            assertThat(finishes).containsExactly("tool_calls");
        }

        private void image() {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                    .model(MODEL)
                    .addUserMessageOfArrayOfContentParts(List.of(
                            ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                    .text(Scenario.IMAGE_PROMPT)
                                    .build()),
                            ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                    .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                            .url("data:" + Scenario.IMAGE_MEDIA_TYPE + ";base64,"
                                                    + Scenario.IMAGE_BASE64)
                                            .build())
                                    .build())))
                    .build();

            ChatCompletion completion = gateway.client().chat().completions().create(params);

            assertThat(completion.choices().get(0).message().content()).contains(Scenario.IMAGE_ANSWER);
        }

        private void maxTokens() {
            ChatCompletion completion = gateway.client()
                    .chat()
                    .completions()
                    .create(ChatCompletionCreateParams.builder()
                            .model(MODEL)
                            .addUserMessage(Scenario.USER)
                            .maxCompletionTokens(Scenario.SMALL_MAX_TOKENS)
                            .build());

            assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
            assertThat(completion.choices().get(0).message().content())
                    .get()
                    .asString()
                    .isNotEmpty();
        }

        private String simpleBody(boolean stream) throws Exception {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("model", MODEL);
            body.put(
                    "messages",
                    List.of(
                            Map.of("role", "system", "content", Scenario.SYSTEM),
                            Map.of("role", "user", "content", Scenario.USER)));
            body.put("max_completion_tokens", Scenario.MAX_TOKENS);
            if (stream) {
                body.put("stream", true);
            }
            return JSON.writeValueAsString(body);
        }

        /** Sends the simple chat and returns the OpenAI error object after checking the status (and code). */
        private JsonNode expectError(int status, String code) throws Exception {
            HttpResponse<String> response = gateway.post("/v1/chat/completions", "application/json", simpleBody(false));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertThat(error.path("message").asText()).isNotBlank();
            assertThat(error.has("type") && error.has("param") && error.has("code"))
                    .isTrue();
            if (code != null) {
                assertThat(error.path("code").asText()).isEqualTo(code);
            }
            return error;
        }

        /** A safety block is either an error (400, code content_filter) or an answer that finished with content_filter. */
        private void contentFilter() throws Exception {
            HttpResponse<String> response = gateway.post("/v1/chat/completions", "application/json", simpleBody(false));
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() == 200) {
                assertThat(body.path("choices").path(0).path("finish_reason").asText())
                        .isEqualTo("content_filter");
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
                assertThat(body.path("error").path("code").asText()).isEqualTo("content_filter");
            }
        }

        private void errorInStream() {
            assertThatThrownBy(() -> {
                        try (StreamResponse<ChatCompletionChunk> stream =
                                gateway.client().chat().completions().createStreaming(chat().build())) {
                            stream.stream().forEach(chunk -> {});
                        }
                    })
                    .isInstanceOf(OpenAIException.class);
        }
    }
}
