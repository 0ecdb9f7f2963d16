package dev.gatehouse.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.config.McpServerSettings;
import dev.gatehouse.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The bearer token of one tool server's OAuth client-credentials grant (RFC 6749 section 4.4): the
 * gateway asks the token endpoint, keeps the token until shortly before it expires, then asks
 * again. One request at a time is in flight; callers waiting meanwhile share it. The client secret
 * and the token are never logged. Non-blocking (the JDK client's async send); thread-safe.
 */
final class OAuthTokens {

    /** Asks for a new token this long before the current one expires, so no call carries a stale one. */
    private static final Duration EARLY = Duration.ofSeconds(30);
    /** Kept this long when the token endpoint gives no {@code expires_in}. */
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private record Token(String value, Instant refreshAt) {}

    private final McpServerSettings.OAuth oauth;
    private final HttpClient http;
    private final InstantSource clock;
    private final Duration timeout;
    private @Nullable Token token;
    private @Nullable CompletableFuture<String> fetching;
    private int fetched;

    OAuthTokens(McpServerSettings.OAuth oauth, HttpClient http, InstantSource clock, Duration timeout) {
        this.oauth = oauth;
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The current token, fetching a new one when there is none or it is about to expire. */
    synchronized CompletableFuture<String> token() {
        Token t = token;
        if (t != null && clock.instant().isBefore(t.refreshAt())) {
            return CompletableFuture.completedFuture(t.value());
        }
        CompletableFuture<String> inFlight = fetching;
        if (inFlight != null) {
            return inFlight;
        }
        CompletableFuture<String> next = fetch();
        fetching = next;
        next.whenComplete((v, e) -> {
            synchronized (this) {
                fetching = null;
            }
        });
        return next;
    }

    /** Drops the token, so the next call asks for a new one (the server refused it). */
    synchronized void invalidate() {
        token = null;
    }

    /** How many tokens were fetched, for the admin view. */
    synchronized int fetched() {
        return fetched;
    }

    private CompletableFuture<String> fetch() {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (oauth.scope() != null) {
            form.append("&scope=").append(URLEncoder.encode(oauth.scope(), StandardCharsets.UTF_8));
        }
        String basic = java.util.Base64.getEncoder()
                .encodeToString((URLEncoder.encode(oauth.clientId(), StandardCharsets.UTF_8) + ":"
                                + URLEncoder.encode(oauth.clientSecret(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(oauth.tokenUrl()))
                .timeout(timeout)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .header("authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(this::accept);
    }

    private String accept(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "the token endpoint " + oauth.tokenUrl() + " answered " + response.statusCode());
        }
        JsonNode body = Json.tryParse(response.body()).orElse(Json.object());
        String value = body.path("access_token").asText("");
        if (value.isEmpty()) {
            throw new IllegalStateException("the token endpoint " + oauth.tokenUrl() + " returned no access_token");
        }
        Duration lifetime = body.path("expires_in").canConvertToLong()
                ? Duration.ofSeconds(body.path("expires_in").asLong())
                : DEFAULT_LIFETIME;
        Duration early = lifetime.compareTo(EARLY.multipliedBy(2)) > 0 ? EARLY : lifetime.dividedBy(2);
        synchronized (this) {
            token = new Token(value, clock.instant().plus(lifetime).minus(early));
            fetched++;
        }
        return value;
    }
}
