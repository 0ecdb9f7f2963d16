package dev.gatehouse.tracing;

import dev.gatehouse.config.ProviderType;

/** Values the OpenTelemetry GenAI semantic conventions define, for the gateway's own types. */
public final class GenAiNames {

    private GenAiNames() {}

    /** {@code gen_ai.provider.name} of a provider type (the conventions' well-known values). */
    public static String provider(ProviderType type) {
        return switch (type) {
            case OPENAI -> "openai";
            case AZURE -> "azure.ai.openai";
            case ANTHROPIC -> "anthropic";
            case GEMINI -> "gcp.gemini";
            case BEDROCK -> "aws.bedrock";
            case COHERE -> "cohere";
            case MOCK -> "gatehouse.mock";
            case CUSTOM -> "gatehouse.custom";
        };
    }
}
