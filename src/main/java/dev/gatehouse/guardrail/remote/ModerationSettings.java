package dev.gatehouse.guardrail.remote;

import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.ProviderSettings;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@code type: moderation} guardrail's fields: OpenAI's moderation endpoint
 * ({@code POST {base_url}/moderations}) of a configured provider.
 *
 * @param provider the provider whose base URL and key are used
 * @param url the provider's {@code /moderations} URL
 * @param apiKey the provider's key, or {@code null} for a server that needs none
 * @param model the moderation model ({@code omni-moderation-latest} by default)
 * @param categories the categories that block when flagged; empty means any flagged result blocks
 */
public record ModerationSettings(
        String provider, String url, @Nullable String apiKey, String model, List<String> categories) {

    public static final String DEFAULT_MODEL = "omni-moderation-latest";

    public ModerationSettings {
        categories = List.copyOf(categories);
    }

    public static @Nullable ModerationSettings read(ConfigNode node, Map<String, ProviderSettings> providers) {
        String provider = node.string("provider", true);
        String model = node.string("model", DEFAULT_MODEL);
        List<String> categories = node.strings("categories");
        if (provider == null) {
            return null;
        }
        ProviderSettings settings = providers.get(provider);
        if (settings == null || settings.baseUrl() == null) {
            node.problem("provider", "'" + provider + "' is not a provider with a base_url in providers");
            return null;
        }
        return new ModerationSettings(
                provider, settings.baseUrl() + "/moderations", settings.apiKey(), model, categories);
    }

    @Override
    public String toString() {
        return "ModerationSettings[provider=" + provider + ", model=" + model + ", categories=" + categories + "]";
    }
}
