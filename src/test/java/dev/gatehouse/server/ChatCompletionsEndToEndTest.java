package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.gatehouse.testing.TestGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Chat completions through the real server, with the official OpenAI SDK, against the mock model. */
class ChatCompletionsEndToEndTest {

    private static final String CONFIG = """
            providers:
              mock:
                type: mock
                mock:
                  chunk_interval: 0ms
            models:
              - name: gpt-4o-mini
                provider: mock
            """;

    private static TestGateway gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(CONFIG);
        client = gateway.client();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static ChatCompletionCreateParams.Builder ask(String prompt) {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(prompt);
    }

    @Test
    void answersAChatCompletionWithUsage() {
        ChatCompletion completion =
                client.chat().completions().create(ask("What is a gateway?").build());

        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content())
                .get()
                .asString()
                .isNotBlank();
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isPositive();
        assertThat(usage.completionTokens()).isPositive();
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
    }

    @Test
    void streamsTheSameTextAndUsageAsTheUnaryAnswer() {
        ChatCompletion unary =
                client.chat().completions().create(ask("Tell me about streams").build());

        StringBuilder streamed = new StringBuilder();
        List<CompletionUsage> usages = new ArrayList<>();
        List<String> finishReasons = new ArrayList<>();
        ChatCompletionCreateParams params = ask("Tell me about streams")
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunk.usage().ifPresent(usages::add);
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().ifPresent(streamed::append);
                    choice.finishReason().ifPresent(r -> finishReasons.add(r.asString()));
                }
            });
        }

        assertThat(streamed.toString())
                .isEqualTo(unary.choices().get(0).message().content().orElseThrow());
        assertThat(finishReasons).containsExactly("stop");
        assertThat(usages).hasSize(1);
        assertThat(usages.get(0).promptTokens())
                .isEqualTo(unary.usage().orElseThrow().promptTokens());
        assertThat(usages.get(0).completionTokens())
                .isEqualTo(unary.usage().orElseThrow().completionTokens());
    }

    @Test
    void keepsTheUsageChunkFromAClientThatDidNotAskForIt() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(ask("No usage please").build())) {
            stream.stream().forEach(chunks::add);
        }

        assertThat(chunks).isNotEmpty();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.choices()).isNotEmpty();
            assertThat(chunk._usage().isMissing()).isTrue();
        });
    }

    @Test
    void stopsAtMaxTokensWithFinishReasonLength() {
        ChatCompletion completion = client.chat()
                .completions()
                .create(ask("Write a long story").maxCompletionTokens(3).build());

        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        assertThat(completion.usage().orElseThrow().completionTokens()).isLessThanOrEqualTo(3);
    }

    @Test
    void callsAToolWithArgumentsMatchingItsSchema() throws Exception {
        ChatCompletion completion = client.chat()
                .completions()
                .create(ask("What's the weather in Paris?")
                        .addFunctionTool(weatherTool())
                        .build());

        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call =
                choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        JsonNode arguments = new ObjectMapper().readTree(call.function().arguments());
        assertThat(arguments.has("city")).isTrue();
        assertThat(arguments.get("unit").asText()).isIn("celsius", "fahrenheit");
    }

    @Test
    void streamsToolCallsArgumentByArgument() throws Exception {
        StringBuilder arguments = new StringBuilder();
        List<String> names = new ArrayList<>();
        List<String> finishReasons = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(ask("What's the weather in Paris?")
                        .addFunctionTool(weatherTool())
                        .build())) {
            stream.stream()
                    .forEach(chunk -> chunk.choices().forEach(choice -> {
                        choice.delta()
                                .toolCalls()
                                .ifPresent(calls ->
                                        calls.forEach(call -> call.function().ifPresent(f -> {
                                            f.name().ifPresent(names::add);
                                            f.arguments().ifPresent(arguments::append);
                                        })));
                        choice.finishReason().ifPresent(r -> finishReasons.add(r.asString()));
                    }));
        }

        assertThat(names).containsExactly("get_weather");
        assertThat(new ObjectMapper().readTree(arguments.toString()).has("city"))
                .isTrue();
        assertThat(finishReasons).containsExactly("tool_calls");
    }

    @Test
    void answersEveryRequestedChoice() {
        ChatCompletion completion =
                client.chat().completions().create(ask("Give me options").n(3).build());

        assertThat(completion.choices())
                .extracting(ChatCompletion.Choice::index)
                .containsExactly(0L, 1L, 2L);
    }

    @Test
    void namesTheRequestAndTheProviderInHeaders() throws Exception {
        var response = gateway.post(
                "/v1/chat/completions",
                "application/json",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-request-id"))
                .get()
                .asString()
                .startsWith("req_");
        assertThat(response.headers().firstValue("x-gatehouse-provider")).contains("mock");
        assertThat(response.headers().firstValue("x-gatehouse-model")).contains("gpt-4o-mini");
    }

    static FunctionDefinition weatherTool() {
        return FunctionDefinition.builder()
                .name("get_weather")
                .description("Current weather in a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty(
                                "properties",
                                JsonValue.from(Map.of(
                                        "city", Map.of("type", "string"),
                                        "unit", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit")))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build();
    }
}
