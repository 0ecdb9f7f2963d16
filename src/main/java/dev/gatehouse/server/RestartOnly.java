package dev.gatehouse.server;

import dev.gatehouse.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings a reload reads but cannot apply, because they shape process-wide exporters built
 * once at start: the trace exporter ({@code tracing.endpoint}, which also turns tracing on or off,
 * and {@code tracing.service_name}), the OTLP metrics export ({@code metrics.otlp}) and the sockets'
 * I/O transport ({@code server.io_transport}, which the Vert.x instance is created with). The trace
 * sample ratio and {@code tracing.capture_content} are read per request and do change on reload.
 */
final class RestartOnly {

    private RestartOnly() {}

    /** The paths of the settings that differ between {@code started} and {@code next}; empty when none do. */
    static List<String> changed(GatewayConfig started, GatewayConfig next) {
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(started.tracing().endpoint(), next.tracing().endpoint())) {
            changed.add("tracing.endpoint");
        }
        if (!started.tracing().serviceName().equals(next.tracing().serviceName())) {
            changed.add("tracing.service_name");
        }
        if (!started.metrics().otlp().equals(next.metrics().otlp())) {
            changed.add("metrics.otlp");
        }
        if (started.server().ioTransport() != next.server().ioTransport()) {
            changed.add("server.io_transport");
        }
        return changed;
    }
}
