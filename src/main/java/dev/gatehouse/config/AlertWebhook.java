package dev.gatehouse.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where alerts are sent ({@code alerts.webhooks[]}).
 *
 * @param name for logs and metrics; defaults to {@code webhook-<index>} (never the URL, which may
 *     hold a token)
 * @param events the events sent here; empty means all
 * @param secret for {@code json}: the HMAC-SHA256 key of the {@code x-gatehouse-signature} header;
 *     null sends no signature
 * @param routingKey for {@code pagerduty}: the integration's routing key
 * @param timeout for one delivery attempt
 * @param maxAttempts attempts per notification before it is given up
 * @param backoff the wait before the first retry; it doubles up to {@code maxBackoff}, with jitter
 * @param headers sent with every delivery (an {@code Authorization} header, for example)
 */
public record AlertWebhook(
        String name,
        String url,
        Format format,
        Set<AlertEvent> events,
        @Nullable String secret,
        @Nullable String routingKey,
        Duration timeout,
        int maxAttempts,
        Duration backoff,
        Duration maxBackoff,
        Map<String, String> headers) {

    public AlertWebhook {
        events = Set.copyOf(events);
        headers = Map.copyOf(headers);
    }

    /** The body a webhook receives. */
    public enum Format {
        /** {@code {event, state, alert}}, signed with the secret. */
        JSON,
        /** A Slack incoming webhook's {@code {text, blocks}}. */
        SLACK,
        /** PagerDuty Events API v2: trigger and resolve by {@code dedup_key}. */
        PAGERDUTY;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean wants(AlertEvent event) {
        return events.isEmpty() || events.contains(event);
    }

    @Override
    public String toString() {
        // The URL, secret and routing key may all be credentials.
        return "AlertWebhook[" + name + ", " + format.wire() + "]";
    }
}
