package dev.gatehouse.server;

import dev.gatehouse.alerts.AlertEngine;
import dev.gatehouse.observability.GatewayMetrics;

/** The alert engine's delivery counters on {@code /metrics}, registered once at start. */
final class AlertMetrics {

    private AlertMetrics() {}

    static void register(GatewayMetrics metrics, AlertEngine alerts) {
        metrics.counter(
                "gatehouse_alert_notifications_delivered",
                "Alert notifications a webhook accepted (2xx)",
                alerts,
                a -> a.deliveryCounts()[0]);
        metrics.counter(
                "gatehouse_alert_notifications_failed",
                "Alert notifications given up after their last attempt or a refusal (4xx)",
                alerts,
                a -> a.deliveryCounts()[1]);
        metrics.counter(
                "gatehouse_alert_notifications_dropped",
                "Alert notifications dropped because a webhook's queue was full",
                alerts,
                a -> a.deliveryCounts()[2]);
        metrics.counter(
                "gatehouse_alert_notification_retries",
                "Alert notification attempts retried after a failure",
                alerts,
                a -> a.deliveryCounts()[3]);
    }
}
