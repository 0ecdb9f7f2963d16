package dev.gatehouse.observability;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ProviderSettings;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Values of the OpenTelemetry GenAI semantic conventions' attributes ({@code gen_ai.operation.name},
 * {@code gen_ai.provider.name}) for the gateway's endpoints and provider types.
 */
final class GenAiNames {

    private GenAiNames() {}

    /** {@code gen_ai.operation.name} of an endpoint; {@code other} for endpoints the conventions do not name. */
    static String operation(String path) {
        return switch (path) {
            case "/v1/chat/completions", "/v1/messages", "/v1/responses" -> "chat";
            case "/v1/completions" -> "text_completion";
            case "/v1/embeddings" -> "embeddings";
            default -> "other";
        };
    }

    /**
     * {@code gen_ai.provider.name} of a configured provider: the well-known names of the conventions
     * for the dialects that have one, else the provider type.
     */
    static String provider(GatewayConfig config, @Nullable String providerName) {
        if (providerName == null) {
            return LabelGuard.NONE;
        }
        ProviderSettings provider = config.providers().get(providerName);
        if (provider == null) {
            return providerName;
        }
        return switch (provider.type()) {
            case AZURE -> "azure.ai.openai";
            case GEMINI -> "gcp.gemini";
            case BEDROCK -> "aws.bedrock";
            default -> provider.type().name().toLowerCase(Locale.ROOT);
        };
    }
}
