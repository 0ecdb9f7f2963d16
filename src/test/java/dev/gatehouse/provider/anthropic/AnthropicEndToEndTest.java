package dev.gatehouse.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.errors.BadRequestException;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What only the whole gateway shows: an embeddings call routed to Anthropic never leaves it. */
class AnthropicEndToEndTest {

    private static FakeUpstream fake;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        fake = new FakeUpstream();
        String root = fake.baseUrl().substring(0, fake.baseUrl().length() - "/v1".length());
        gateway = TestGateway.start("""
                providers:
                  claude-main:
                    type: anthropic
                    base_url: %s
                    api_key: sk-ant-api03-e2e-0000000001
                models:
                  - name: claude-embed
                    provider: claude-main
                    model: claude-sonnet-4-20250514
                """.formatted(root));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    @Test
    void refusesEmbeddingsWithoutCallingAnthropic() {
        assertThatThrownBy(() -> gateway.client()
                        .embeddings()
                        .create(EmbeddingCreateParams.builder()
                                .model("claude-embed")
                                .input("hello")
                                .build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("'claude-main'").contains("embeddings");
                });
        assertThat(fake.received()).isEmpty();
    }
}
