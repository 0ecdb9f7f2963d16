package dev.gatehouse.server;

import dev.gatehouse.admin.AdminAccess;
import dev.gatehouse.auth.Authenticate;
import dev.gatehouse.config.ServerSettings;
import dev.gatehouse.observability.GatewayMetrics;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /metrics} in Prometheus' text format, behind a key when the config asks for one (see
 * {@link dev.gatehouse.config.MetricsAccess}): the metrics key, or any admin key; a missing or
 * unknown key is a 401 and a non-admin key a 403, in OpenAI's error shape.
 */
final class MetricsEndpoint {

    private final GatewayMetrics metrics;
    private final Supplier<GatewayState> state;

    MetricsEndpoint(GatewayMetrics metrics, Supplier<GatewayState> state) {
        this.metrics = metrics;
        this.state = state;
    }

    void handle(RoutingContext ctx) {
        GatewayState now = state.get();
        ServerSettings server = now.config().server();
        if (server.metricsNeedKey()
                && !isMetricsKey(ctx, server.metrics().metricsKey())
                && !AdminAccess.allowed(ctx, now.keys())) {
            return;
        }
        ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.scrape());
    }

    private static boolean isMetricsKey(RoutingContext ctx, @Nullable String metricsKey) {
        if (metricsKey == null || metricsKey.isEmpty()) {
            return false;
        }
        String presented = Authenticate.presentedSecret(
                ctx.request().getHeader("authorization"), ctx.request().getHeader("x-api-key"));
        // Constant time: the comparison must not tell a caller how much of the key it guessed.
        return presented != null
                && MessageDigest.isEqual(
                        presented.getBytes(StandardCharsets.UTF_8), metricsKey.getBytes(StandardCharsets.UTF_8));
    }
}
