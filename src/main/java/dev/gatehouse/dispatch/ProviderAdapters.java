package dev.gatehouse.dispatch;

import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.config.ProviderType;
import dev.gatehouse.provider.anthropic.AnthropicAdapter;
import dev.gatehouse.provider.bedrock.BedrockAdapter;
import dev.gatehouse.provider.cohere.CohereAdapter;
import dev.gatehouse.provider.gemini.GeminiAdapter;
import dev.gatehouse.provider.openai.AzureOpenAiAdapter;
import dev.gatehouse.provider.openai.OpenAiAdapter;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;

/** The adapter for each provider dialect. */
public final class ProviderAdapters {

    private final Map<ProviderType, ProviderAdapter> byType = new EnumMap<>(ProviderType.class);

    /** @param clock wall time, for the adapters that date what they send (Bedrock's signatures) */
    public ProviderAdapters(InstantSource clock) {
        OpenAiAdapter openAi = new OpenAiAdapter();
        byType.put(ProviderType.OPENAI, openAi);
        // The mock provider is an in-process server that speaks OpenAI's wire format.
        byType.put(ProviderType.MOCK, openAi);
        byType.put(ProviderType.AZURE, new AzureOpenAiAdapter());
        byType.put(ProviderType.ANTHROPIC, new AnthropicAdapter());
        byType.put(ProviderType.GEMINI, new GeminiAdapter());
        byType.put(ProviderType.COHERE, new CohereAdapter());
        byType.put(ProviderType.BEDROCK, new BedrockAdapter(clock.withZone(ZoneOffset.UTC)));
    }

    public ProviderAdapter forType(ProviderType type) {
        return byType.get(type);
    }
}
