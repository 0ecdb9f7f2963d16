package dev.gatehouse.ui;

import dev.gatehouse.config.UiSettings;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The session cookie: only a random id (the store keeps its hash), HttpOnly, SameSite=Strict, with
 * an expiry. Behind HTTPS ({@code ui.secure_cookie}) it is {@code __Host-} prefixed and Secure, which
 * the prefix requires to have {@code Path=/}; otherwise it is scoped to {@code /ui}.
 */
final class SessionCookie {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionCookie() {}

    static String name(UiSettings settings) {
        return settings.secureCookie() ? "__Host-gatehouse_session" : "gatehouse_session";
    }

    /** A fresh session id: 256 random bits. */
    static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static @Nullable String read(HttpServerRequest request, UiSettings settings) {
        Cookie cookie = request.getCookie(name(settings));
        return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    static void set(HttpServerResponse response, UiSettings settings, String id, Duration ttl) {
        response.addCookie(cookie(settings, id).setMaxAge(ttl.toSeconds()));
    }

    static void clear(HttpServerResponse response, UiSettings settings) {
        response.addCookie(cookie(settings, "").setMaxAge(0));
    }

    private static Cookie cookie(UiSettings settings, String value) {
        return Cookie.cookie(name(settings), value)
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(settings.secureCookie())
                .setPath(settings.secureCookie() ? "/" : "/ui");
    }
}
