package dev.gatehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code alerts:} strictly: every rule field is checked against what its event uses, and
 * every problem is reported with its path. The admin API reads a replacement rule list through
 * {@link #rules(JsonNode)}, so a rule is validated the same way wherever it comes from.
 */
public final class AlertRulesReader {

    private static final Set<String> BUDGET_SCOPES = Set.of("key", "user", "team", "global");
    private static final Set<String> COST_SCOPES = Set.of("key", "team");

    private AlertRulesReader() {}

    static AlertSettings read(@Nullable ConfigNode node) {
        AlertSettings d = AlertSettings.defaults();
        if (node == null) {
            return d;
        }
        Duration every = node.duration("evaluate_every", d.evaluateEvery());
        if (every.compareTo(Duration.ofMillis(10)) < 0) {
            node.problem("evaluate_every", "must be at least 10ms");
        }
        int keep = node.integer("keep_resolved", d.keepResolved(), 0, 100_000);
        int queue = node.integer("queue_size", d.queueSize(), 1, 1_000_000);
        List<AlertWebhook> webhooks = new ArrayList<>();
        int[] index = {0};
        webhooks.addAll(node.objectList("webhooks", w -> webhook(w, index[0]++)));
        List<AlertRule> rules = node.has("rules") ? rulesOf(node) : d.rules();
        node.finish();
        return new AlertSettings(every, keep, queue, webhooks, rules);
    }

    /**
     * A rule list sent to the admin API ({@code {"rules": [...]}}), or a {@link ConfigException}
     * with every problem, its path starting at {@code rules}.
     */
    public static List<AlertRule> rules(JsonNode body) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        EnvSubstitution env = new EnvSubstitution(Map.of());
        JsonNode root = body.isObject() ? body : JsonNodeFactory.instance.objectNode();
        if (!body.isObject()) {
            problems.add(new ConfigProblem("", "must be an object with rules"));
        }
        ConfigNode node = new ConfigNode(root, "", problems, env);
        if (!node.has("rules")) {
            node.problem("rules", "is required");
        }
        List<AlertRule> rules = rulesOf(node);
        node.finish();
        if (!problems.isEmpty()) {
            throw new ConfigException("admin request", problems);
        }
        return rules;
    }

    /** The rule list as the admin API and config write it, for {@code GET /admin/v1/alerts/rules}. */
    public static ObjectNode write(AlertRule r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", r.name());
        o.put("event", r.event().wire());
        o.put("severity", r.severity().wire());
        if (r.threshold() != null) {
            o.put("threshold", r.threshold());
        } else {
            o.putNull("threshold");
        }
        Set<String> used = fieldsOf(r.event());
        if (used.contains("factor")) {
            o.put("factor", r.factor());
        }
        if (used.contains("window")) {
            o.put("window", seconds(r.window()));
        }
        if (used.contains("baseline")) {
            o.put("baseline", seconds(r.baseline()));
        }
        if (used.contains("min_requests")) {
            o.put("min_requests", r.minRequests());
        }
        if (used.contains("min_usd")) {
            o.put("min_usd", r.minUsd());
        }
        if (used.contains("scopes")) {
            r.scopes().forEach(o.putArray("scopes")::add);
        }
        return o;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static List<AlertRule> rulesOf(ConfigNode node) {
        List<AlertRule> rules = node.objectList("rules", AlertRulesReader::rule);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            if (!names.add(rules.get(i).name())) {
                node.problem("rules", "has two rules named '" + rules.get(i).name() + "'; give each its own name");
            }
        }
        return rules;
    }

    static AlertRule defaults(AlertEvent event, String name) {
        return switch (event) {
            case BUDGET_SOFT_LIMIT ->
                new AlertRule(
                        name,
                        event,
                        event.defaultSeverity(),
                        null,
                        0,
                        Duration.ZERO,
                        Duration.ZERO,
                        0,
                        0,
                        List.of("key", "user", "team", "global"));
            case BUDGET_EXCEEDED ->
                new AlertRule(
                        name,
                        event,
                        event.defaultSeverity(),
                        1.0,
                        0,
                        Duration.ZERO,
                        Duration.ZERO,
                        0,
                        0,
                        List.of("key", "user", "team", "global"));
            case DEPLOYMENT_ERROR_SPIKE ->
                new AlertRule(
                        name,
                        event,
                        event.defaultSeverity(),
                        0.5,
                        0,
                        Duration.ofMinutes(5),
                        Duration.ZERO,
                        10,
                        0,
                        List.of());
            case DEPLOYMENT_LATENCY_SPIKE ->
                new AlertRule(
                        name,
                        event,
                        event.defaultSeverity(),
                        null,
                        3,
                        Duration.ofMinutes(5),
                        Duration.ofHours(1),
                        10,
                        0,
                        List.of());
            case COST_ANOMALY ->
                new AlertRule(
                        name,
                        event,
                        event.defaultSeverity(),
                        null,
                        3,
                        Duration.ofHours(1),
                        Duration.ofHours(24),
                        0,
                        1.0,
                        List.of("team", "key"));
            case USAGE_BACKLOG ->
                new AlertRule(
                        name,
                        event,
                        event.defaultSeverity(),
                        10_000.0,
                        0,
                        Duration.ZERO,
                        Duration.ZERO,
                        0,
                        0,
                        List.of());
            case DEPLOYMENT_CIRCUIT_OPEN, MODEL_UNAVAILABLE ->
                new AlertRule(
                        name, event, event.defaultSeverity(), null, 0, Duration.ZERO, Duration.ZERO, 0, 0, List.of());
        };
    }

    /** The optional fields an event's rule takes besides name, event and severity. */
    private static Set<String> fieldsOf(AlertEvent event) {
        return switch (event) {
            case BUDGET_SOFT_LIMIT, BUDGET_EXCEEDED -> Set.of("threshold", "scopes");
            case DEPLOYMENT_ERROR_SPIKE -> Set.of("threshold", "window", "min_requests");
            case DEPLOYMENT_LATENCY_SPIKE -> Set.of("threshold", "factor", "window", "baseline", "min_requests");
            case COST_ANOMALY -> Set.of("factor", "window", "baseline", "min_usd", "scopes");
            case USAGE_BACKLOG -> Set.of("threshold");
            case DEPLOYMENT_CIRCUIT_OPEN, MODEL_UNAVAILABLE -> Set.of();
        };
    }

    private static @Nullable AlertRule rule(ConfigNode node) {
        String eventName = node.string("event", true);
        if (eventName == null) {
            return null;
        }
        AlertEvent event = AlertEvent.parse(eventName);
        if (event == null) {
            node.problem("event", "must be one of " + AlertEvent.names() + ", got '" + eventName + "'");
            return null;
        }
        AlertRule d = defaults(event, node.string("name", event.wire()));
        AlertSeverity severity = severity(node, d.severity());
        Set<String> used = fieldsOf(event);
        for (String field : List.of("threshold", "factor", "window", "baseline", "min_requests", "min_usd", "scopes")) {
            if (!used.contains(field) && node.has(field)) {
                node.problem(field, "does not apply to " + event.wire());
            }
        }
        Double threshold = d.threshold();
        if (node.has("threshold") && used.contains("threshold")) {
            threshold = switch (event) {
                case BUDGET_SOFT_LIMIT, BUDGET_EXCEEDED -> node.number("threshold", 1.0, 0.01, 10);
                case DEPLOYMENT_ERROR_SPIKE -> node.number("threshold", 0.5, 0.01, 1);
                case DEPLOYMENT_LATENCY_SPIKE -> node.number("threshold", 1000, 1, 3_600_000);
                default -> node.number("threshold", 10_000, 1, 1e12);
            };
        }
        double factor = used.contains("factor") ? node.number("factor", d.factor(), 0, 1000) : d.factor();
        if (event == AlertEvent.DEPLOYMENT_LATENCY_SPIKE && node.has("threshold") && !node.has("factor")) {
            factor = 0; // a p95 limit alone: the baseline comparison only when asked for as well
        }
        if (event == AlertEvent.COST_ANOMALY && factor < 1) {
            node.problem("factor", "must be at least 1 (how many times its baseline the spend must reach)");
        }
        Duration window = used.contains("window") ? node.duration("window", d.window()) : d.window();
        Duration baseline = used.contains("baseline") ? node.duration("baseline", d.baseline()) : d.baseline();
        if (used.contains("window") && window.compareTo(Duration.ofSeconds(1)) < 0) {
            node.problem("window", "must be at least 1s");
        }
        if (used.contains("baseline") && baseline.compareTo(window) < 0) {
            node.problem("baseline", "must be at least as long as window (" + seconds(window) + ")");
        }
        // What the gateway keeps: latencies per minute for a day, spend per 5 minutes for two days.
        Duration kept = event == AlertEvent.COST_ANOMALY ? Duration.ofHours(48) : Duration.ofHours(24);
        if (used.contains("baseline") && baseline.plus(window).compareTo(kept) > 0) {
            node.problem("baseline", "and window together must be at most " + kept.toHours() + "h");
        }
        int minRequests = used.contains("min_requests")
                ? node.integer("min_requests", d.minRequests(), 1, 1_000_000)
                : d.minRequests();
        double minUsd = used.contains("min_usd") ? node.number("min_usd", d.minUsd(), 0, 1e9) : d.minUsd();
        List<String> scopes = d.scopes();
        if (used.contains("scopes") && node.has("scopes")) {
            scopes = node.strings("scopes");
            Set<String> allowed = event == AlertEvent.COST_ANOMALY ? COST_SCOPES : BUDGET_SCOPES;
            for (String s : scopes) {
                if (!allowed.contains(s)) {
                    node.problem(
                            "scopes",
                            "must name only "
                                    + String.join(
                                            ", ", allowed.stream().sorted().toList()) + ", got '" + s + "'");
                }
            }
            if (scopes.isEmpty()) {
                node.problem("scopes", "must name at least one scope");
            }
        }
        return new AlertRule(
                d.name(), event, severity, threshold, factor, window, baseline, minRequests, minUsd, scopes);
    }

    private static AlertSeverity severity(ConfigNode node, AlertSeverity fallback) {
        String s = node.string("severity", false);
        if (s == null) {
            return fallback;
        }
        for (AlertSeverity v : AlertSeverity.values()) {
            if (v.wire().equals(s)) {
                return v;
            }
        }
        node.problem("severity", "must be info, warning or critical, got '" + s + "'");
        return fallback;
    }

    private static @Nullable AlertWebhook webhook(ConfigNode node, int index) {
        String name = node.string("name", "webhook-" + index);
        String url = node.string("url", true);
        if (url != null) {
            try {
                URI u = new URI(url);
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    node.problem("url", "must be an http or https URL");
                }
            } catch (java.net.URISyntaxException e) {
                node.problem("url", "must be an http or https URL");
            }
        }
        String formatName = node.string("format", "json");
        AlertWebhook.Format format = null;
        for (AlertWebhook.Format f : AlertWebhook.Format.values()) {
            if (f.wire().equals(formatName)) {
                format = f;
            }
        }
        if (format == null) {
            node.problem("format", "must be json, slack or pagerduty, got '" + formatName + "'");
        }
        Set<AlertEvent> events = EnumSet.noneOf(AlertEvent.class);
        for (String e : node.strings("events")) {
            AlertEvent event = AlertEvent.parse(e);
            if (event == null) {
                node.problem("events", "must name only " + AlertEvent.names() + ", got '" + e + "'");
            } else {
                events.add(event);
            }
        }
        String secret = node.string("secret", false);
        String routingKey = node.string("routing_key", false);
        if (format == AlertWebhook.Format.PAGERDUTY && routingKey == null) {
            node.problem("routing_key", "is required for format pagerduty");
        }
        if (format != AlertWebhook.Format.PAGERDUTY && routingKey != null) {
            node.problem("routing_key", "applies to format pagerduty only");
        }
        if (format != null && format != AlertWebhook.Format.JSON && secret != null) {
            node.problem("secret", "applies to format json only (the signature header)");
        }
        Duration timeout = node.duration("timeout", Duration.ofSeconds(10));
        int attempts = node.integer("max_attempts", 8, 1, 100);
        Duration backoff = node.duration("backoff", Duration.ofSeconds(1));
        Duration maxBackoff = node.duration("max_backoff", Duration.ofMinutes(5));
        if (timeout.isZero() || backoff.isZero()) {
            node.problem(timeout.isZero() ? "timeout" : "backoff", "must be more than 0");
        }
        Map<String, String> headers = node.stringMap("headers");
        if (url == null || format == null) {
            return null;
        }
        return new AlertWebhook(
                name, url, format, events, secret, routingKey, timeout, attempts, backoff, maxBackoff, headers);
    }
}
