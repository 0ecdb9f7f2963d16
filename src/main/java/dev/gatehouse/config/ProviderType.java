package dev.gatehouse.config;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The wire dialects a provider can speak. */
public enum ProviderType {
    /** OpenAI's API, and every server compatible with it (vLLM, Ollama, Groq, ...), by profile. */
    OPENAI("openai"),
    /**
     * Azure OpenAI: OpenAI's format at deployment URLs, with an api-version and an api-key header;
     * the {@code azure} profile of the OpenAI dialect.
     */
    AZURE("azure"),
    /** Anthropic's Messages API. */
    ANTHROPIC("anthropic"),
    /** Google's Gemini API (generateContent). */
    GEMINI("gemini"),
    /** AWS Bedrock's Converse API, signed with SigV4. */
    BEDROCK("bedrock"),
    /** Cohere's v2 chat and embed APIs. */
    COHERE("cohere"),
    /** The built-in simulated model, served in-process in OpenAI's wire format. */
    MOCK("mock"),
    /**
     * A dialect the gateway does not know, translated by an adapter an embedding application
     * registers under the provider's name ({@code Gatehouse.builder().provider(name, adapter)}).
     */
    CUSTOM("custom");

    private final String configName;

    ProviderType(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    static @Nullable ProviderType parse(String name) {
        for (ProviderType t : values()) {
            if (t.configName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    static String choices() {
        return Arrays.stream(values()).map(ProviderType::configName).collect(Collectors.joining(", "));
    }
}
