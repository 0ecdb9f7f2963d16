package dev.gatehouse.auth;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import io.vertx.core.Future;
import org.jspecify.annotations.Nullable;

/**
 * Pipeline stage: turns the presented client key into a {@link Principal}. The key comes from
 * {@code Authorization: Bearer ...} (OpenAI clients) or {@code x-api-key} (Anthropic clients), which
 * against the {@link KeyRing} of the exchange's state snapshot. The raw secret is never stored or logged.
 */
public final class Authenticate implements Interceptor {

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        String secret = presentedSecret(
                ex.request().header("authorization"), ex.request().header("x-api-key"));
        ex.put(Principal.KEY, principalFor(ex.get(KeyRing.KEY), secret));
        return chain.proceed(ex);
    }

    /**
     * The principal a presented secret stands for.
     *
     * @throws GatewayError (401) when the secret is missing or unknown
     */
    public static Principal principalFor(KeyRing keys, @Nullable String secret) {
        if (secret == null || secret.isEmpty()) {
            throw GatewayError.of(
                    ErrorKind.AUTH_ERROR,
                    "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'.",
                    null,
                    "missing_api_key");
        }
        Principal principal = keys.lookup(secret);
        if (principal == null) {
            throw GatewayError.of(ErrorKind.AUTH_ERROR, "Incorrect API key provided.", null, "invalid_api_key");
        }
        return principal;
    }

    /** The secret from {@code Authorization: Bearer ...} or else {@code x-api-key}; null if neither. */
    public static @Nullable String presentedSecret(@Nullable String authorization, @Nullable String xApiKey) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return xApiKey == null ? null : xApiKey.trim();
    }
}
