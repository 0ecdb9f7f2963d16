package dev.gatehouse.config;

import dev.gatehouse.hashing.KeyHashing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The web dashboard at {@code /ui} ({@code ui:}).
 *
 * @param enabled whether the gateway serves the dashboard
 * @param viewerKeyHashes SHA-256 of the read-only dashboard keys ({@code viewer_keys}); the secrets
 *     themselves are not kept
 * @param sessionTtl how long a sign-in lasts
 * @param secureCookie whether the session cookie is {@code __Host-} prefixed and {@code Secure}
 *     (for a gateway reached over HTTPS, such as behind a TLS-terminating proxy)
 */
public record UiSettings(boolean enabled, Set<String> viewerKeyHashes, Duration sessionTtl, boolean secureCookie) {

    private static final int MIN_VIEWER_KEY_LENGTH = 20;

    public UiSettings {
        viewerKeyHashes = Set.copyOf(viewerKeyHashes);
    }

    public static UiSettings defaults() {
        return new UiSettings(true, Set.of(), Duration.ofHours(12), false);
    }

    static UiSettings read(@Nullable ConfigNode node) {
        UiSettings d = defaults();
        if (node == null) {
            return d;
        }
        boolean enabled = node.bool("enabled", d.enabled());
        List<String> hashes = new ArrayList<>();
        List<String> keys = node.strings("viewer_keys");
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).length() < MIN_VIEWER_KEY_LENGTH) {
                node.problem("viewer_keys[" + i + "]", "must be at least " + MIN_VIEWER_KEY_LENGTH + " characters");
            }
            hashes.add(KeyHashing.sha256Hex(keys.get(i)));
        }
        Duration ttl = node.duration("session_ttl", d.sessionTtl());
        if (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(Duration.ofDays(30)) > 0) {
            node.problem("session_ttl", "must be between 1m and 30d");
            ttl = d.sessionTtl();
        }
        boolean secure = node.bool("secure_cookie", d.secureCookie());
        node.finish();
        return new UiSettings(enabled, Set.copyOf(hashes), ttl, secure);
    }
}
