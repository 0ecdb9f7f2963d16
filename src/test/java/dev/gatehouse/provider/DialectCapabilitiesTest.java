package dev.gatehouse.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.Capability;
import dev.gatehouse.config.ProviderType;
import dev.gatehouse.dispatch.ProviderAdapters;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/**
 * What each dialect can do beyond chat follows from the interfaces its adapter implements; the
 * built-in mock, which speaks OpenAI's dialect, serves only chat and embeddings.
 */
class DialectCapabilitiesTest {

    private final ProviderAdapters adapters = new ProviderAdapters(InstantSource.system());

    @Test
    void eachEndpointBeyondChatBelongsToTheDialectsWhoseAdapterServesIt() {
        for (ProviderType type : ProviderType.values()) {
            if (type == ProviderType.MOCK || type == ProviderType.CUSTOM) {
                continue;
            }
            ProviderAdapter adapter = adapters.forType(type);
            assertThat(adapters.of(type).contains(Capability.COMPLETIONS))
                    .as(type.configName())
                    .isEqualTo(adapter instanceof CompletionsAdapter);
            assertThat(adapters.of(type).contains(Capability.RERANK))
                    .as(type.configName())
                    .isEqualTo(adapter instanceof RerankAdapter);
            assertThat(adapters.of(type).contains(Capability.AUDIO))
                    .as(type.configName())
                    .isEqualTo(adapter instanceof AudioAdapter);
            assertThat(adapters.of(type).contains(Capability.IMAGES))
                    .as(type.configName())
                    .isEqualTo(adapter instanceof ImagesAdapter);
        }
    }

    @Test
    void embeddingsBelongToTheDialectsWhoseAdapterCanEmbed() {
        for (ProviderType type : ProviderType.values()) {
            if (type == ProviderType.MOCK || type == ProviderType.CUSTOM) {
                continue;
            }
            assertThat(adapters.of(type).contains(Capability.EMBEDDINGS))
                    .as(type.configName())
                    .isEqualTo(adapters.forType(type) instanceof EmbeddingsAdapter);
        }
        Capability[] openAiFormat = {
            Capability.EMBEDDINGS, Capability.COMPLETIONS, Capability.RERANK, Capability.AUDIO, Capability.IMAGES
        };
        assertThat(adapters.of(ProviderType.OPENAI)).containsExactlyInAnyOrder(openAiFormat);
        assertThat(adapters.of(ProviderType.AZURE)).containsExactlyInAnyOrder(openAiFormat);
        assertThat(adapters.of(ProviderType.MOCK)).containsExactly(Capability.EMBEDDINGS);
        assertThat(adapters.of(ProviderType.GEMINI)).containsExactly(Capability.EMBEDDINGS);
        assertThat(adapters.of(ProviderType.COHERE))
                .containsExactlyInAnyOrder(Capability.EMBEDDINGS, Capability.RERANK);
        assertThat(adapters.of(ProviderType.ANTHROPIC)).isEmpty();
        assertThat(adapters.of(ProviderType.BEDROCK)).isEmpty();
    }
}
