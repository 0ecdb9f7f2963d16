package dev.gatehouse.mcp;

import dev.gatehouse.config.McpServerSettings;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.client.transport.customizer.McpAsyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Builds the MCP SDK's async client for one tool server, on the transport its settings name. The
 * server's credentials go in here: static headers and the OAuth token are added to every HTTP
 * request the transport sends, so they live in the gateway and never reach a client of
 * {@code /mcp}.
 */
final class UpstreamConnector {

    static final McpSchema.Implementation CLIENT_INFO = new McpSchema.Implementation("gatehouse", "0.1.0");
    /** The SDK's own request timeout: a backstop behind the gateway's per-call timer, for cleanup only. */
    private static final Duration BACKSTOP = Duration.ofMinutes(5);

    private final McpServerSettings settings;
    private final @Nullable OAuthTokens tokens;

    UpstreamConnector(McpServerSettings settings, HttpClient http, InstantSource clock) {
        this.settings = settings;
        McpServerSettings.OAuth oauth = settings.oauth();
        this.tokens = oauth == null ? null : new OAuthTokens(oauth, http, clock, settings.timeout());
    }

    @Nullable
    OAuthTokens tokens() {
        return tokens;
    }

    /** A client, not yet initialized, whose tool list changes are handed to {@code toolsChanged}. */
    McpAsyncClient client(McpClientTransport transport, Consumer<List<McpSchema.Tool>> toolsChanged) {
        return McpClient.async(transport)
                .clientInfo(CLIENT_INFO)
                .requestTimeout(BACKSTOP)
                .initializationTimeout(settings.timeout())
                .toolsChangeConsumer(tools -> Mono.fromRunnable(() -> toolsChanged.accept(tools)))
                .build();
    }

    /** The transport to the server; for {@code stdio} this does not start the process yet. */
    McpClientTransport transport() {
        return switch (settings.transport()) {
            case STREAMABLE_HTTP -> {
                URI url = URI.create(java.util.Objects.requireNonNull(settings.url(), "validated: url"));
                yield HttpClientStreamableHttpTransport.builder(origin(url))
                        .endpoint(pathOf(url))
                        // The GET stream carries the server's notifications/tools/list_changed.
                        .openConnectionOnStartup(true)
                        .jsonMapper(SdkJson.mapper())
                        .connectTimeout(settings.timeout())
                        .asyncHttpRequestCustomizer(credentials())
                        .build();
            }
            case SSE -> {
                URI url = URI.create(java.util.Objects.requireNonNull(settings.url(), "validated: url"));
                yield HttpClientSseClientTransport.builder(origin(url))
                        .sseEndpoint(pathOf(url))
                        .jsonMapper(SdkJson.mapper())
                        .connectTimeout(settings.timeout())
                        .asyncHttpRequestCustomizer(credentials())
                        .build();
            }
            case STDIO -> {
                List<String> command = settings.command();
                yield new StdioClientTransport(
                        ServerParameters.builder(command.get(0))
                                .args(command.subList(1, command.size()))
                                .env(settings.env())
                                .build(),
                        SdkJson.mapper());
            }
        };
    }

    private McpAsyncHttpClientRequestCustomizer credentials() {
        Map<String, String> headers = settings.headers();
        OAuthTokens oauth = tokens;
        return (builder, method, uri, body, context) -> {
            headers.forEach(builder::setHeader);
            if (oauth == null) {
                return Mono.just(builder);
            }
            return Mono.fromFuture(oauth::token).map(token -> builder.setHeader("Authorization", "Bearer " + token));
        };
    }

    private static String origin(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    private static String pathOf(URI url) {
        String path = url.getRawPath();
        String query = url.getRawQuery();
        return (path == null || path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query);
    }
}
