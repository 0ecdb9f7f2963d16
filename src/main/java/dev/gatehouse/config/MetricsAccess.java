package dev.gatehouse.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Who may read {@code GET /metrics}: anyone, or callers presenting an admin key or the dedicated
 * metrics key. The metrics name providers, models and traffic volumes, which are not for the
 * network at large, while a scraper on the same host is the common case on a loopback address.
 *
 * @param keyRequired {@code true} or {@code false} from {@code server.metrics_auth}; {@code null}
 *     when unset, which means: a key is required unless the gateway listens on a loopback address
 * @param metricsKey {@code server.metrics_key}, a key that opens {@code /metrics} and nothing else
 *     (for a Prometheus scrape config), or {@code null}
 */
public record MetricsAccess(
        @Nullable Boolean keyRequired, @Nullable String metricsKey) {

    /** Host names and literals only; no DNS lookup is ever made to decide. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9A-Fa-f:.]+]?");

    public static MetricsAccess defaults() {
        return new MetricsAccess(null, null);
    }

    /** Whether {@code /metrics} needs a key on a gateway listening on {@code host}. */
    public boolean keyRequiredOn(String host) {
        return keyRequired != null ? keyRequired : !isLoopback(host);
    }

    /**
     * Whether {@code host} is a loopback address. A name other than {@code localhost} counts as
     * not loopback (a name may resolve anywhere; the safe reading is the one that asks for a key).
     */
    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IP_LITERAL.matcher(host).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "MetricsAccess[keyRequired=" + keyRequired + ", metricsKey=" + (metricsKey == null ? "none" : "set")
                + "]";
    }
}
