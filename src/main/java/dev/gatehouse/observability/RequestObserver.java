package dev.gatehouse.observability;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.metering.RequestListener;
import dev.gatehouse.metering.RequestSummary;

/** Derives the access-log line and the request metrics from each finished request's summary. */
public final class RequestObserver implements RequestListener {

    private final GatewayMetrics metrics;

    public RequestObserver(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void finished(RequestSummary summary, GatewayConfig config) {
        metrics.request(summary, config);
        if (config.server().accessLog() && AccessLog.enabled()) {
            AccessLog.write(summary);
        }
    }
}
