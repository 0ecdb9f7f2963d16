package dev.gatehouse.config;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One upstream provider account.
 *
 * @param name the name models refer to it by
 * @param baseUrl the API root, e.g. {@code https://api.openai.com/v1}; for {@code mock}, null until
 *     the embedded mock server has started
 * @param apiKey the secret sent upstream, or {@code null} for servers without auth
 * @param headers extra headers sent with every request
 * @param mock the mock's behaviour when {@code type} is {@code mock}, else {@code null}
 * @param options settings only some dialects read
 * @param healthCheck whether and how the health checker probes the provider's deployments
 */
public record ProviderSettings(
        String name,
        ProviderType type,
        @Nullable String baseUrl,
        @Nullable String apiKey,
        Map<String, String> headers,
        Timeouts timeouts,
        @Nullable MockSettings mock,
        DialectOptions options,
        HealthCheckSettings healthCheck) {

    /** A provider probed the default way. */
    public ProviderSettings(
            String name,
            ProviderType type,
            @Nullable String baseUrl,
            @Nullable String apiKey,
            Map<String, String> headers,
            Timeouts timeouts,
            @Nullable MockSettings mock,
            DialectOptions options) {
        this(name, type, baseUrl, apiKey, headers, timeouts, mock, options, HealthCheckSettings.DEFAULT);
    }

    public ProviderSettings withTimeouts(Timeouts newTimeouts) {
        return new ProviderSettings(name, type, baseUrl, apiKey, headers, newTimeouts, mock, options, healthCheck);
    }

    public ProviderSettings withBaseUrl(String url) {
        return new ProviderSettings(name, type, url, apiKey, headers, timeouts, mock, options, healthCheck);
    }

    @Override
    public String toString() {
        return "ProviderSettings[" + name + ", " + type.configName() + ", " + baseUrl + "]";
    }
}
