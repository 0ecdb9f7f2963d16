package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.errors.NotFoundException;
import com.openai.models.models.Model;
import dev.gatehouse.testing.TestGateway;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/models} for name patterns routed to providers other than OpenAI: a {@code claude-*}
 * route lists Anthropic's known model ids, filtered by what the key may use, and each listed id can
 * be retrieved.
 */
class PatternRouteModelsEndToEndTest {

    private static final String CLAUDE_KEY = "sk-claude-only-key-00000000001";

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("""
                providers:
                  anthro:
                    type: anthropic
                    api_key: sk-ant-test
                    base_url: http://127.0.0.1:9
                  oai:
                    type: openai
                    api_key: sk-test
                    base_url: http://127.0.0.1:9
                models:
                  - name: claude-*
                    provider: anthro
                  - name: gpt-*
                    provider: oai
                keys:
                  - id: claude-only
                    key: %s
                    models: [claude-*]
                """.formatted(CLAUDE_KEY));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static List<String> ids(String key) {
        return gateway.client(key).models().list().data().stream()
                .map(Model::id)
                .toList();
    }

    @Test
    void aClaudePatternListsAnthropicsKnownModelsForAKeyLimitedToIt() {
        List<String> listed = ids(CLAUDE_KEY);

        assertThat(listed)
                .contains("claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "claude-haiku-4-5", "claude-opus-4-1")
                .allMatch(id -> id.startsWith("claude-"));
        assertThat(ids(TestGateway.MASTER_KEY)).contains("claude-sonnet-4-5", "gpt-4o", "gpt-4o-mini-2024-07-18");
        // Gemini's ids match neither pattern's provider, so no route lists them.
        assertThat(ids(TestGateway.MASTER_KEY)).noneMatch(id -> id.startsWith("gemini-"));
    }

    @Test
    void everyListedIdCanBeRetrievedAndOthersAreHidden() {
        for (String id : ids(CLAUDE_KEY)) {
            Model model = gateway.client(CLAUDE_KEY).models().retrieve(id);
            assertThat(model.id()).isEqualTo(id);
            assertThat(model.ownedBy()).isEqualTo("anthro");
        }
        assertThatThrownBy(() -> gateway.client(CLAUDE_KEY).models().retrieve("gpt-4o"))
                .isInstanceOf(NotFoundException.class);
    }
}
