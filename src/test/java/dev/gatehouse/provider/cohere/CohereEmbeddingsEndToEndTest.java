package dev.gatehouse.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Embeddings through the real server to a fake Cohere upstream, with the official OpenAI SDK. */
class CohereEmbeddingsEndToEndTest {

    private static final String KEY = "co-upstream-key-0000000000002";

    private static FakeUpstream fake;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        fake = new FakeUpstream();
        String root = fake.baseUrl().substring(0, fake.baseUrl().length() - "/v1".length());
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT + """
                providers:
                  co:
                    type: cohere
                    base_url: %s
                    api_key: %s
                models:
                  - name: text-embedder
                    provider: co
                    model: embed-v4.0
                """.formatted(root, KEY));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    @Test
    void embedsWithTheSdkDefaultEncodingAndSendsCohereItsV2EmbedRequest() {
        fake.then(FakeUpstream.json(200, Fixtures.text("cohere/embed.json")));

        CreateEmbeddingResponse response = gateway.client()
                .embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("text-embedder")
                        .inputOfArrayOfStrings(List.of("hello", "goodbye"))
                        .dimensions(256)
                        .build());

        assertThat(response.data()).hasSize(2);
        assertThat(response.data().get(0).embedding())
                .containsExactly(0.016296387f, -0.008354187f, -0.04699707f, -0.07104492f);
        assertThat(response.data().get(1).index()).isEqualTo(1);
        assertThat(response.usage().promptTokens()).isEqualTo(2);
        assertThat(response.usage().totalTokens()).isEqualTo(2);
        FakeUpstream.Received received = fake.lastReceived();
        assertThat(received.uri()).isEqualTo("/v2/embed");
        assertThat(received.headers().get("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(received.body()).isEqualTo(Json.parse("""
                {"model":"embed-v4.0","texts":["hello","goodbye"],"input_type":"search_document",
                 "embedding_types":["float"],"output_dimension":256}"""));
    }

    @Test
    void answersFloatsWhenAsked() throws Exception {
        fake.then(FakeUpstream.json(200, Fixtures.text("cohere/embed.json")));

        HttpResponse<String> response = gateway.post(
                "/v1/embeddings",
                "application/json",
                "{\"model\":\"text-embedder\",\"input\":[\"hello\",\"goodbye\"],\"encoding_format\":\"float\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Json.parse(response.body());
        assertThat(body.path("data").get(1).path("embedding").get(1).asDouble()).isEqualTo(0.024353027);
    }

    @Test
    void refusesTokenArraysWithoutCallingCohere() throws Exception {
        int before = fake.received().size();

        HttpResponse<String> response = gateway.post(
                "/v1/embeddings", "application/json", "{\"model\":\"text-embedder\",\"input\":[[15339,1917]]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.parse(response.body()).path("error").path("param").asText())
                .isEqualTo("input");
        assertThat(fake.received()).hasSize(before);
    }

    @Test
    void passesCohereErrorsOnInOpenAiShape() throws Exception {
        fake.then(FakeUpstream.json(429, Fixtures.text("cohere/error-rate-limit.json")));

        HttpResponse<String> response =
                gateway.post("/v1/embeddings", "application/json", "{\"model\":\"text-embedder\",\"input\":\"hello\"}");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(Json.parse(response.body()).path("error").path("message").asText())
                .isEqualTo("You are past the per minute request limit, please wait and try again later.");
    }
}
