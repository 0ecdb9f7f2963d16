package dev.gatehouse.provider.openai;

import dev.gatehouse.api.Endpoint;
import dev.gatehouse.config.CompatRules;
import dev.gatehouse.config.ProviderSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Fills in a profile's path template ({@link CompatRules}) and puts it after the provider's base
 * URL: {@code {endpoint}} becomes OpenAI's path of the call, {@code {model}} the upstream model and
 * {@code {api_version}} the provider's API version, both URL-encoded (an Azure deployment name or a
 * version cannot change the URL's structure). Pure.
 */
final class ProfilePaths {

    private ProfilePaths() {}

    /**
     * @param endpoint the call, or {@code null} for a path that names none (the model list)
     */
    static String url(ProviderSettings provider, String template, @Nullable Endpoint endpoint, String model) {
        return url(provider, template, endpoint == null ? null : endpoint.openAiPath(), model);
    }

    /** @param endpointPath OpenAI's path of the call ({@code /responses}), or {@code null} for none */
    static String url(ProviderSettings provider, String template, @Nullable String endpointPath, String model) {
        String path = template;
        if (endpointPath != null) {
            path = path.replace("{endpoint}", endpointPath);
        }
        if (path.contains("{model}")) {
            path = path.replace("{model}", URLEncoder.encode(model, StandardCharsets.UTF_8));
        }
        String version = provider.options().apiVersion();
        if (version != null && path.contains("{api_version}")) {
            path = path.replace("{api_version}", URLEncoder.encode(version, StandardCharsets.UTF_8));
        }
        return provider.baseUrl() + path;
    }
}
