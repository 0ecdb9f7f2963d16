package dev.gatehouse.config;

/**
 * Where each provider type lives when the config names no base URL, and its default API version.
 * OpenAI-compatible servers (OpenAI, Azure and the other profiles) take both from their profile.
 */
import org.jspecify.annotations.Nullable;

final class DefaultUrls {

    /** The version Anthropic's docs send in every example ("Versioning"). */
    static final String ANTHROPIC_VERSION = "2023-06-01";

    private DefaultUrls() {}

    static @Nullable String of(ProviderType type, CompatProfiles.@Nullable Profile profile, @Nullable String region) {
        return switch (type) {
            case OPENAI, AZURE -> profile == null ? null : profile.baseUrl();
            case ANTHROPIC -> "https://api.anthropic.com";
            case GEMINI -> "https://generativelanguage.googleapis.com";
            case BEDROCK -> region == null ? null : "https://bedrock-runtime." + region + ".amazonaws.com";
            case COHERE -> "https://api.cohere.com";
            case MOCK, CUSTOM -> null;
        };
    }

    static @Nullable String apiVersion(@Nullable ProviderType type, CompatProfiles.@Nullable Profile profile) {
        if (profile != null) {
            return profile.apiVersion();
        }
        return type == ProviderType.ANTHROPIC ? ANTHROPIC_VERSION : null;
    }
}
