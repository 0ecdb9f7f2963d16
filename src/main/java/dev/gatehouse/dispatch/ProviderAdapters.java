package dev.gatehouse.dispatch;

import dev.gatehouse.config.Capability;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.config.ProviderType;
import dev.gatehouse.provider.AudioAdapter;
import dev.gatehouse.provider.CompletionsAdapter;
import dev.gatehouse.provider.EmbeddingsAdapter;
import dev.gatehouse.provider.ImagesAdapter;
import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.provider.RerankAdapter;
import dev.gatehouse.provider.anthropic.AnthropicAdapter;
import dev.gatehouse.provider.bedrock.BedrockAdapter;
import dev.gatehouse.provider.cohere.CohereAdapter;
import dev.gatehouse.provider.gemini.GeminiAdapter;
import dev.gatehouse.provider.openai.OpenAiAdapter;
import dev.gatehouse.routing.DialectCapabilities;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The adapter for each provider dialect, and what each can do beyond chat, read off the optional
 * interfaces it implements: routing filters deployments on that, so a request only reaches an
 * adapter that serves its endpoint. Providers of type {@code custom} have the adapter registered
 * under their name. Immutable and thread-safe.
 */
public final class ProviderAdapters implements DialectCapabilities {

    private final Map<ProviderType, ProviderAdapter> byType = new EnumMap<>(ProviderType.class);
    private final Map<String, ProviderAdapter> custom;

    /** @param clock wall time, for the adapters that date what they send (Bedrock's signatures) */
    public ProviderAdapters(InstantSource clock) {
        this(clock, Map.of());
    }

    /**
     * @param custom the adapter of each {@code custom} provider, by provider name (an embedding
     *     application's own dialects)
     */
    public ProviderAdapters(InstantSource clock, Map<String, ProviderAdapter> custom) {
        this.custom = Map.copyOf(custom);
        OpenAiAdapter openAi = new OpenAiAdapter();
        byType.put(ProviderType.OPENAI, openAi);
        // Azure OpenAI is OpenAI's dialect; its URLs and key header come from the azure profile.
        byType.put(ProviderType.AZURE, openAi);
        // The mock provider is an in-process server that speaks OpenAI's wire format.
        byType.put(ProviderType.MOCK, openAi);
        byType.put(ProviderType.ANTHROPIC, new AnthropicAdapter());
        byType.put(ProviderType.GEMINI, new GeminiAdapter());
        byType.put(ProviderType.COHERE, new CohereAdapter());
        byType.put(ProviderType.BEDROCK, new BedrockAdapter(clock.withZone(ZoneOffset.UTC)));
    }

    /** The adapter of a built-in dialect; {@code custom} providers have theirs by name ({@link #forProvider}). */
    public ProviderAdapter forType(ProviderType type) {
        return Objects.requireNonNull(byType.get(type), "the constructor maps every built-in provider type");
    }

    /** The adapter that speaks to {@code provider}. */
    public ProviderAdapter forProvider(ProviderSettings provider) {
        if (provider.type() != ProviderType.CUSTOM) {
            return forType(provider.type());
        }
        return Objects.requireNonNull(
                custom.get(provider.name()), "the gateway refuses a custom provider without a registered adapter");
    }

    /** Whether {@code provider} is of type {@code custom} and has no adapter registered under its name. */
    public boolean missingCustom(ProviderSettings provider) {
        return provider.type() == ProviderType.CUSTOM && !custom.containsKey(provider.name());
    }

    @Override
    public Set<Capability> of(ProviderSettings provider) {
        return provider.type() == ProviderType.CUSTOM
                ? capabilities(custom.get(provider.name()), provider.type())
                : of(provider.type());
    }

    /** What every provider of a built-in {@code type} can do; nothing is promised for {@code custom}. */
    @Override
    public Set<Capability> of(ProviderType type) {
        return capabilities(byType.get(type), type);
    }

    private static Set<Capability> capabilities(@Nullable ProviderAdapter adapter, ProviderType type) {
        Set<Capability> can = EnumSet.noneOf(Capability.class);
        if (adapter instanceof EmbeddingsAdapter) {
            can.add(Capability.EMBEDDINGS);
        }
        if (adapter instanceof CompletionsAdapter) {
            can.add(Capability.COMPLETIONS);
        }
        if (adapter instanceof RerankAdapter) {
            can.add(Capability.RERANK);
        }
        if (adapter instanceof AudioAdapter) {
            can.add(Capability.AUDIO);
        }
        if (adapter instanceof ImagesAdapter) {
            can.add(Capability.IMAGES);
        }
        if (type == ProviderType.MOCK) {
            // The built-in mock speaks OpenAI's dialect but serves only chat and embeddings, so the other
            // endpoints get the gateway's 400 naming it instead of the mock's 404 for an unknown path.
            can.retainAll(EnumSet.of(Capability.EMBEDDINGS));
        }
        return Collections.unmodifiableSet(can);
    }
}
