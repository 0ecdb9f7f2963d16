package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.errors.NotFoundException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.gatehouse.testing.TestGateway;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Embeddings and the model list through the real server, with the official OpenAI SDK. */
class EmbeddingsAndModelsEndToEndTest {

    private static final String LIMITED_KEY = "sk-limited-key-0000000000001";

    private static final String CONFIG = """
            providers:
              mock:
                type: mock
            models:
              - name: gpt-4o-mini
                provider: mock
              - name: team-fast
                provider: mock
                model: gpt-4o-mini
              - name: text-embedding-3-small
                provider: mock
            keys:
              - id: limited
                key: %s
                models: [gpt-4o-mini]
            """.formatted(LIMITED_KEY);

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void embedsWithTheSdkDefaultBase64Encoding() {
        CreateEmbeddingResponse response = gateway.client()
                .embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("text-embedding-3-small")
                        .inputOfArrayOfStrings(List.of("first text", "second text"))
                        .dimensions(64)
                        .build());

        assertThat(response.data()).hasSize(2);
        List<Float> vector = response.data().get(0).embedding();
        assertThat(vector).hasSize(64);
        double norm = Math.sqrt(vector.stream().mapToDouble(v -> v * v).sum());
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(response.data().get(1).embedding()).isNotEqualTo(vector);
        assertThat(response.usage().promptTokens()).isPositive();
    }

    @Test
    void embedsAsFloatsWhenAsked() throws Exception {
        var response = gateway.post(
                "/v1/embeddings",
                "application/json",
                "{\"model\":\"text-embedding-3-small\",\"input\":\"hello\",\"encoding_format\":\"float\",\"dimensions\":8}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.path("data").get(0).path("embedding").size()).isEqualTo(8);
        assertThat(body.path("data").get(0).path("embedding").get(0).isNumber()).isTrue();
    }

    @Test
    void listsTheModelsTheKeyMayUse() {
        List<String> all =
                gateway.client().models().list().data().stream().map(Model::id).toList();
        List<String> limited = gateway.client(LIMITED_KEY).models().list().data().stream()
                .map(Model::id)
                .toList();

        assertThat(all).contains("gpt-4o-mini", "team-fast", "text-embedding-3-small");
        assertThat(limited).containsExactly("gpt-4o-mini");
    }

    @Test
    void retrievesOneModelAndHidesTheOthersFromALimitedKey() {
        Model model = gateway.client().models().retrieve("team-fast");

        assertThat(model.id()).isEqualTo("team-fast");
        assertThat(model.ownedBy()).isEqualTo("mock");
        assertThatThrownBy(() -> gateway.client(LIMITED_KEY).models().retrieve("team-fast"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> gateway.client().models().retrieve("no-such-model"))
                .isInstanceOf(NotFoundException.class);
    }
}
