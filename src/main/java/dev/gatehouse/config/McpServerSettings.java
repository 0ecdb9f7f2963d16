package dev.gatehouse.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One tool server behind {@code /mcp}. Its credentials ({@code headers}, {@code oauth}) stay in the
 * gateway: they are sent to the server and never shown to a client, in a log or by the admin API.
 *
 * @param name the prefix of its tools' names ({@code <name>__<tool>}): lowercase letters, digits,
 *     {@code -} and {@code _}, without {@code __}
 * @param url the endpoint of a {@code streamable_http} server, or the SSE stream of an {@code sse} one
 *     (the older HTTP+SSE transport, whose stream names the endpoint to post to); {@code null} for
 *     {@code stdio}
 * @param command the program of a {@code stdio} server and its arguments; empty otherwise
 * @param env extra environment variables of a {@code stdio} server
 * @param headers sent with every request to a remote server
 * @param oauth the client-credentials grant whose bearer token is sent to a remote server, or null
 * @param timeout the longest a call to the server may take before the client gets an error
 * @param failureThreshold consecutive failed calls that open the server's breaker
 * @param cooldown how long an open breaker refuses calls before it lets one through
 * @param toolRpm per-key requests per minute by tool (the server's own tool name)
 */
public record McpServerSettings(
        String name,
        Transport transport,
        @Nullable String url,
        List<String> command,
        Map<String, String> env,
        Map<String, String> headers,
        @Nullable OAuth oauth,
        Duration timeout,
        int failureThreshold,
        Duration cooldown,
        Map<String, Long> toolRpm) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(30);

    public McpServerSettings {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        headers = Map.copyOf(headers);
        toolRpm = Map.copyOf(toolRpm);
    }

    /** How the gateway reaches the server. */
    public enum Transport {
        STREAMABLE_HTTP,
        SSE,
        STDIO;

        /** The config spelling. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * An OAuth 2.0 client-credentials grant (RFC 6749 section 4.4): the gateway asks {@code tokenUrl}
     * for a token and asks again before it expires.
     */
    public record OAuth(
            String tokenUrl,
            String clientId,
            String clientSecret,
            @Nullable String scope) {

        @Override
        public String toString() {
            return "OAuth[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", scope=" + scope + "]";
        }
    }

    /** Hides header values, which are credentials. */
    @Override
    public String toString() {
        return "McpServerSettings[name=" + name + ", transport=" + transport.wireName() + ", url=" + url + ", headers="
                + headers.keySet() + ", oauth=" + oauth + "]";
    }
}
