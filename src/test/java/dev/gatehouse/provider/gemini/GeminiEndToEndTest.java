package dev.gatehouse.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI SDK against the gateway, with a fake upstream speaking Gemini's wire format. */
class GeminiEndToEndTest {

    private static final String KEY = "AIzaSyEndToEndKey00000000000000000001";
    private static FakeUpstream fake;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        fake = new FakeUpstream();
        String root = fake.baseUrl().substring(0, fake.baseUrl().length() - "/v1".length());
        gateway = TestGateway.start("""
                providers:
                  google:
                    type: gemini
                    base_url: %s
                    api_key: %s
                models:
                  - name: text-embedding-3-small
                    provider: google
                    model: gemini-embedding-001
                  - name: gemini-flash
                    provider: google
                    model: gemini-2.0-flash
                """.formatted(root, KEY));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    @Test
    void embedsWithTheSdkDefaultBase64Encoding() {
        fake.then(FakeUpstream.json(200, Fixtures.text("gemini/embed-batch.json")));

        CreateEmbeddingResponse response = gateway.client()
                .embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("text-embedding-3-small")
                        .inputOfArrayOfStrings(List.of("first text", "second text"))
                        .dimensions(4)
                        .build());

        assertThat(response.data()).hasSize(2);
        assertThat(response.data().get(0).embedding())
                .containsExactly(0.013168523f, -0.008711934f, -0.046782676f, 0.00069968984f);
        assertThat(response.data().get(1).index()).isEqualTo(1);
        assertThat(response.model()).isEqualTo("gemini-embedding-001");
        assertThat(response.usage().promptTokens()).isPositive();
        FakeUpstream.Received received = fake.lastReceived();
        assertThat(received.path()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(received.headers().get("x-goog-api-key")).isEqualTo(KEY);
        JsonNode requests = received.body().path("requests");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)
                        .path("content")
                        .path("parts")
                        .get(0)
                        .path("text")
                        .asText())
                .isEqualTo("second text");
        assertThat(requests.get(1).path("outputDimensionality").asInt()).isEqualTo(4);
    }

    @Test
    void returnsTheThoughtSignatureWithTheToolCallOnTheNextTurn() {
        fake.then(FakeUpstream.json(200, Fixtures.text("gemini/chat-tool.json")));
        fake.then(FakeUpstream.json(200, Fixtures.text("gemini/chat-hello.json")));
        ChatCompletionCreateParams.Builder turn = ChatCompletionCreateParams.builder()
                .model("gemini-flash")
                .addUserMessage("Weather in Boston?")
                .addFunctionTool(
                        FunctionDefinition.builder().name("get_weather").build());

        ChatCompletion first = gateway.client().chat().completions().create(turn.build());
        ChatCompletionMessageToolCall call =
                first.choices().get(0).message().toolCalls().orElseThrow().get(0);
        turn.addMessage(first.choices().get(0).message())
                .addMessage(ChatCompletionToolMessageParam.builder()
                        .toolCallId(call.asFunction().id())
                        .content("{\"temp_f\":41}")
                        .build());
        ChatCompletion second = gateway.client().chat().completions().create(turn.build());

        assertThat(second.choices().get(0).message().content()).contains("Hello! How can I help you today?");
        JsonNode contents = fake.lastReceived().body().path("contents");
        assertThat(contents.get(1).path("role").asText()).isEqualTo("model");
        assertThat(contents.get(1).path("parts").get(0).path("thoughtSignature").asText())
                .isEqualTo("iH+NnTmXaIokugw/49tSm7M/5JS6f9R/pkujlpdqVFEkC9mirg==");
        assertThat(contents.get(1)
                        .path("parts")
                        .get(0)
                        .path("functionCall")
                        .path("args")
                        .path("location")
                        .asText())
                .isEqualTo("Boston, MA");
        assertThat(contents.get(2)
                        .path("parts")
                        .get(0)
                        .path("functionResponse")
                        .path("name")
                        .asText())
                .isEqualTo("get_weather");
        assertThat(contents.get(2)
                        .path("parts")
                        .get(0)
                        .path("functionResponse")
                        .path("response")
                        .path("temp_f")
                        .asInt())
                .isEqualTo(41);
    }
}
