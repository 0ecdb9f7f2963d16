package dev.gatehouse.guardrail.remote;

import dev.gatehouse.config.ConfigNode;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@code type: webhook} guardrail's fields.
 *
 * @param url where the texts are POSTed
 * @param headers sent with each call (an {@code Authorization} header for the service, say)
 */
public record WebhookSettings(String url, Map<String, String> headers) {

    public WebhookSettings {
        headers = Map.copyOf(headers);
    }

    /** Reads {@code url} and {@code headers}; {@code null} (with a problem) without a usable URL. */
    public static @Nullable WebhookSettings read(ConfigNode node) {
        String url = node.string("url", true);
        Map<String, String> headers = node.stringMap("headers");
        if (url == null) {
            return null;
        }
        if (!isHttpUrl(url)) {
            node.problem("url", "must be an http:// or https:// URL");
            return null;
        }
        return new WebhookSettings(url, headers);
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        // Header values may hold a service's credentials.
        return "WebhookSettings[url=" + url + ", headers=" + headers.keySet() + "]";
    }
}
