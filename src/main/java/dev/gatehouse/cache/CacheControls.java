package dev.gatehouse.cache;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What one request asks of the cache, read from its headers in one place: {@code Cache-Control:
 * no-cache} (do not answer from the cache, do store the new answer), {@code no-store} (neither),
 * {@code x-gatehouse-cache-ttl} (how long to keep this answer: {@code 90}, {@code 30s}, {@code 5m},
 * {@code 1h}) and {@code x-gatehouse-cache-namespace} (a partition inside the scope). Other
 * {@code Cache-Control} directives are HTTP's and ignored; a bad TTL or namespace is a 400 naming the header.
 *
 * @param namespace "" for none
 */
public record CacheControls(
        boolean noCache, boolean noStore, @Nullable Duration ttl, String namespace) {

    public static final String TTL_HEADER = "x-gatehouse-cache-ttl";
    public static final String NAMESPACE_HEADER = "x-gatehouse-cache-namespace";
    public static final CacheControls NONE = new CacheControls(false, false, null, "");

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Duration MAX_TTL = Duration.ofDays(30);

    public static CacheControls from(Exchange ex) {
        boolean noCache = false;
        boolean noStore = false;
        String cacheControl = ex.request().header("cache-control");
        if (cacheControl != null) {
            for (String directive : cacheControl.split(",")) {
                String d = directive.trim().toLowerCase(Locale.ROOT);
                noCache |= d.equals("no-cache");
                noStore |= d.equals("no-store");
            }
        }
        String ttlText = ex.request().header(TTL_HEADER);
        Duration ttl = ttlText == null ? null : ttl(ttlText.trim());
        String namespace = ex.request().header(NAMESPACE_HEADER);
        if (namespace != null && !NAMESPACE.matcher(namespace.trim()).matches()) {
            throw bad(
                    NAMESPACE_HEADER,
                    "must be 1 to 64 letters, digits or the characters . _ : -, got '" + shown(namespace) + "'");
        }
        return new CacheControls(noCache, noStore, ttl, namespace == null ? "" : namespace.trim());
    }

    private static Duration ttl(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw bad(
                    TTL_HEADER,
                    "must be a duration such as 90 (seconds), 30s, 5m, 1h or 1d, got '" + shown(text) + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration ttl = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
        if (ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw bad(TTL_HEADER, "must be more than 0 and at most 30 days, got '" + shown(text) + "'");
        }
        return ttl;
    }

    private static String shown(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }

    private static GatewayError bad(String header, String message) {
        return GatewayError.of(
                ErrorKind.INVALID_REQUEST, "Header " + header + " " + message + ".", header, "invalid_header");
    }
}
