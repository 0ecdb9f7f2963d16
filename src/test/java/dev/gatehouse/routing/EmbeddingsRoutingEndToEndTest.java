package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An embeddings request never reaches a deployment whose dialect cannot embed, through the real
 * server with the official OpenAI SDK: a group that mixes such deployments with one that can
 * embeds there, and a group without one answers a 400 before any upstream call.
 */
class EmbeddingsRoutingEndToEndTest {

    private static final String AZURE_KEY = "azure-upstream-key-00000000002";

    private static FakeUpstream anthropic;
    private static FakeUpstream bedrock;
    private static FakeUpstream openAi;
    private static FakeUpstream azure;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        anthropic = new FakeUpstream();
        bedrock = new FakeUpstream();
        openAi = new FakeUpstream();
        azure = new FakeUpstream();
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT
                + """
                providers:
                  claude:
                    type: anthropic
                    base_url: %s
                    api_key: sk-ant-api03-e2e-0000000002
                  aws:
                    type: bedrock
                    base_url: %s
                    region: us-east-1
                    access_key_id: AKIDEXAMPLE
                    secret_access_key: wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
                  oa:
                    type: openai
                    base_url: %s
                    api_key: sk-openai-e2e-0000000002
                  az:
                    type: azure
                    base_url: %s
                    api_key: %s
                models:
                  - name: mixed
                    strategy: fallback
                    deployments:
                      - provider: claude
                        model: claude-sonnet-4-5
                      - provider: aws
                        model: anthropic.claude-3-5-sonnet-20240620-v1:0
                      - provider: oa
                        model: text-embedding-3-small
                  - name: chat-only
                    strategy: fallback
                    deployments:
                      - provider: claude
                        model: claude-sonnet-4-5
                      - provider: aws
                        model: anthropic.claude-3-5-sonnet-20240620-v1:0
                  - name: azure-embedder
                    provider: az
                    model: embedding-prod
                """.formatted(root(anthropic), root(bedrock), openAi.baseUrl(), root(azure), AZURE_KEY));
    }

    private static String root(FakeUpstream fake) {
        return fake.baseUrl().substring(0, fake.baseUrl().length() - "/v1".length());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        anthropic.close();
        bedrock.close();
        openAi.close();
        azure.close();
    }

    @BeforeEach
    void answerWithEmbeddings() {
        openAi.received().clear();
        azure.received().clear();
        openAi.always(FakeUpstream.json(200, Fixtures.text("openai/embeddings.json")));
        azure.always(FakeUpstream.json(200, Fixtures.text("openai/embeddings.json")));
    }

    @Test
    void embedsOnTheOneDeploymentOfAMixedGroupThatCan() {
        CreateEmbeddingResponse response = gateway.client()
                .embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("mixed")
                        .input("hello")
                        .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                        .build());

        assertThat(response.data().get(0).embedding()).containsExactly(0.0023064255f, -0.009327292f, -0.0028842222f);
        assertThat(openAi.received())
                .singleElement()
                .satisfies(r -> assertThat(r.path()).isEqualTo("/v1/embeddings"));
        assertThat(anthropic.received()).isEmpty();
        assertThat(bedrock.received()).isEmpty();
    }

    @Test
    void refusesEmbeddingsWithAClear400WhenNoDeploymentCanEmbed() throws Exception {
        HttpResponse<String> response =
                gateway.post("/v1/embeddings", "application/json", "{\"model\":\"chat-only\",\"input\":\"hello\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = Json.parse(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("model");
        assertThat(error.path("message").asText())
                .contains("'claude' (anthropic)", "'aws' (bedrock)", "no embeddings endpoint");
        assertThat(anthropic.received()).isEmpty();
        assertThat(bedrock.received()).isEmpty();
    }

    @Test
    void embedsThroughAzureAtItsDeploymentUrlWithItsKeyHeader() {
        gateway.client()
                .embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("azure-embedder")
                        .input("hello")
                        .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                        .build());

        FakeUpstream.Received received = azure.lastReceived();
        assertThat(received.uri()).isEqualTo("/openai/deployments/embedding-prod/embeddings?api-version=2024-10-21");
        assertThat(received.headers()).containsEntry("api-key", AZURE_KEY).doesNotContainKey("authorization");
        assertThat(received.body().path("model").asText()).isEqualTo("embedding-prod");
    }
}
