package dev.gatehouse.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.Capability;
import dev.gatehouse.config.ProviderType;
import dev.gatehouse.dispatch.ProviderAdapters;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** What each dialect can do beyond chat follows from the interfaces its adapter implements. */
class DialectCapabilitiesTest {

    private final ProviderAdapters adapters = new ProviderAdapters(InstantSource.system());

    @Test
    void embeddingsBelongToTheDialectsWhoseAdapterCanEmbed() {
        for (ProviderType type : ProviderType.values()) {
            assertThat(adapters.of(type).contains(Capability.EMBEDDINGS))
                    .as(type.configName())
                    .isEqualTo(adapters.forType(type) instanceof EmbeddingsAdapter);
        }
        assertThat(adapters.of(ProviderType.OPENAI)).containsExactly(Capability.EMBEDDINGS);
        assertThat(adapters.of(ProviderType.AZURE)).containsExactly(Capability.EMBEDDINGS);
        assertThat(adapters.of(ProviderType.GEMINI)).containsExactly(Capability.EMBEDDINGS);
        assertThat(adapters.of(ProviderType.COHERE)).containsExactly(Capability.EMBEDDINGS);
        assertThat(adapters.of(ProviderType.MOCK)).containsExactly(Capability.EMBEDDINGS);
        assertThat(adapters.of(ProviderType.ANTHROPIC)).isEmpty();
        assertThat(adapters.of(ProviderType.BEDROCK)).isEmpty();
    }
}
