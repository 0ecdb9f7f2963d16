package dev.gatehouse.config;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Reads a provider's {@code health_check} section. */
final class HealthCheckReader {

    private HealthCheckReader() {}

    static HealthCheckSettings read(@Nullable ConfigNode node) {
        HealthCheckSettings d = HealthCheckSettings.DEFAULT;
        if (node == null) {
            return d;
        }
        boolean enabled = node.bool("enabled", d.enabled());
        String path = node.string("path", false);
        if (path != null && (!path.startsWith("/") || path.contains("://"))) {
            node.problem("path", "must be a path after base_url starting with '/', got '" + path + "'");
            path = null;
        }
        HealthCheckSettings.Method method = d.method();
        String methodName = node.string("method", false);
        if (methodName != null) {
            try {
                method = HealthCheckSettings.Method.valueOf(methodName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                node.problem("method", "'" + methodName + "' is not a probe method; use GET, HEAD or POST");
            }
        }
        node.finish();
        return new HealthCheckSettings(enabled, path, method);
    }
}
