package dev.gatehouse.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.AlertWebhook;
import dev.gatehouse.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a webhook receives for an alert transition, in its format: {@code json} ({@code {event,
 * state, sent_at, alert}}), {@code slack} (an incoming webhook's {@code text} and {@code blocks}),
 * {@code pagerduty} (Events API v2: {@code trigger} and {@code resolve} with the alert id as
 * {@code dedup_key}). Pure.
 */
final class WebhookBodies {

    /** PagerDuty caps a summary at 1024 characters (Events API v2, "payload.summary"). */
    private static final int PAGERDUTY_SUMMARY_MAX = 1024;

    private WebhookBodies() {}

    static String body(AlertWebhook hook, Alert alert, Instant sentAt) {
        return switch (hook.format()) {
            case JSON -> json(alert, sentAt);
            case SLACK -> slack(alert);
            case PAGERDUTY -> pagerDuty(hook, alert);
        };
    }

    static String json(Alert alert, Instant sentAt) {
        ObjectNode o = Json.object();
        o.put("event", alert.event().wire());
        o.put("state", alert.state());
        o.put("sent_at", sentAt.toString());
        o.set("alert", AlertJson.of(alert));
        return Json.encode(o).toString();
    }

    static String slack(Alert alert) {
        String mark = alert.firing()
                ? (alert.severity().wire().equals("critical") ? ":rotating_light:" : ":warning:")
                : ":white_check_mark:";
        String head = alert.firing() ? "FIRING" : "RESOLVED";
        String text = mark + " [" + head + "] " + alert.event().wire() + ": " + alert.summary();
        ObjectNode o = Json.object();
        o.put("text", text);
        var blocks = o.putArray("blocks");
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text")
                .put("type", "mrkdwn")
                .put("text", mark + " *" + head + "* `" + alert.event().wire() + "`\n" + escape(alert.summary()));
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements")
                .addObject()
                .put("type", "mrkdwn")
                .put(
                        "text",
                        "severity *" + alert.severity().wire() + "* | "
                                + alert.subject().scope() + " `"
                                + escape(alert.subject().id()) + "` | rule `" + escape(alert.rule()) + "` | since "
                                + alert.startedAt() + " | id `" + alert.id() + "`");
        return Json.encode(o).toString();
    }

    /** Slack's mrkdwn takes {@code &}, {@code <} and {@code >} as control characters. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String pagerDuty(AlertWebhook hook, Alert alert) {
        ObjectNode o = Json.object();
        o.put("routing_key", Objects.requireNonNull(hook.routingKey(), "a pagerduty webhook has a routing key"));
        o.put("event_action", alert.firing() ? "trigger" : "resolve");
        o.put("dedup_key", alert.id());
        ObjectNode payload = o.putObject("payload");
        String summary = alert.summary();
        payload.put(
                "summary",
                summary.length() > PAGERDUTY_SUMMARY_MAX ? summary.substring(0, PAGERDUTY_SUMMARY_MAX) : summary);
        payload.put("source", "gatehouse");
        payload.put("severity", alert.severity().wire());
        payload.put("timestamp", alert.startedAt().toString());
        payload.put("component", alert.subject().id());
        payload.put("group", alert.subject().scope());
        payload.put("class", alert.event().wire());
        payload.putObject("custom_details")
                .put("rule", alert.rule())
                .put("value", alert.value())
                .put("threshold", alert.threshold());
        return Json.encode(o).toString();
    }

    /** {@code sha256=<hex>}: HMAC-SHA256 of the body with the webhook's secret. */
    static String signature(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
