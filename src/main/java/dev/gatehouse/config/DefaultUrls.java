package dev.gatehouse.config;

import org.jspecify.annotations.Nullable;

/** Where each provider type lives when the config names no base URL, and its default API version. */
final class DefaultUrls {

    /** Azure OpenAI's current GA data-plane version (learn.microsoft.com, "API version lifecycle"). */
    static final String AZURE_API_VERSION = "2024-10-21";

    /** The version Anthropic's docs send in every example ("Versioning"). */
    static final String ANTHROPIC_VERSION = "2023-06-01";

    private DefaultUrls() {}

    static @Nullable String of(ProviderType type, CompatProfiles.@Nullable Profile profile, @Nullable String region) {
        return switch (type) {
            case OPENAI -> profile == null ? null : profile.baseUrl();
            case ANTHROPIC -> "https://api.anthropic.com";
            case GEMINI -> "https://generativelanguage.googleapis.com";
            case BEDROCK -> region == null ? null : "https://bedrock-runtime." + region + ".amazonaws.com";
            case COHERE -> "https://api.cohere.com";
            case AZURE, MOCK -> null;
        };
    }

    static @Nullable String apiVersion(@Nullable ProviderType type) {
        if (type == ProviderType.AZURE) {
            return AZURE_API_VERSION;
        }
        return type == ProviderType.ANTHROPIC ? ANTHROPIC_VERSION : null;
    }
}
