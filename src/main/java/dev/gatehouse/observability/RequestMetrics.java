package dev.gatehouse.observability;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.MetricsSettings;
import dev.gatehouse.metering.GuardrailCheck;
import dev.gatehouse.metering.RequestSummary;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.observability.RowMeters.Slot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The per-request metric families, all derived from the request's usage record: requests, tokens,
 * cost, cache savings, latency and time-to-first-token histograms, limit refusals, attempts and
 * fallbacks, per-tag requests and cost, and the OpenTelemetry GenAI client metrics. Key, team, tag,
 * model and path labels go through {@link LabelGuard}s so their series stay bounded. Called on the
 * request's event loop; it only updates in-memory meters.
 */
final class RequestMetrics {

    /** Error codes are open-ended (upstream codes), so they get a fixed bound of their own. */
    private static final int MAX_ERROR_TYPES = 100;

    private static final int MAX_PATHS = 100;

    private static final Duration[] LATENCY_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);

    private static final Duration[] TTFT_BUCKETS = seconds(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);

    /** The bucket boundaries the GenAI semantic conventions advise for gen_ai.client.operation.duration. */
    private static final Duration[] GEN_AI_DURATION_BUCKETS =
            seconds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

    /** The bucket boundaries the GenAI semantic conventions advise for gen_ai.client.token.usage. */
    private static final double[] GEN_AI_TOKEN_BUCKETS = {
        1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864
    };

    private static final RowMeters.Buckets BUCKETS =
            new RowMeters.Buckets(LATENCY_BUCKETS, TTFT_BUCKETS, GEN_AI_DURATION_BUCKETS, GEN_AI_TOKEN_BUCKETS);

    private final MeterRegistry registry;
    private final ConcurrentHashMap<RowMeters.Row, RowMeters> rows = new ConcurrentHashMap<>();
    private final LabelGuard keys = new LabelGuard();
    private final LabelGuard teams = new LabelGuard();
    private final LabelGuard tags = new LabelGuard();
    private final LabelGuard models = new LabelGuard();
    private final LabelGuard deployments = new LabelGuard();
    private final LabelGuard errors = new LabelGuard();
    private final LabelGuard paths = new LabelGuard();

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(RequestSummary summary, GatewayConfig config) {
        UsageRecord r = summary.usage();
        if (r.correction()) {
            return;
        }
        MetricsSettings limits = config.metrics();
        String path = paths.label(summary.path(), MAX_PATHS);
        String key = keys.label(r.keyId(), limits.maxKeys());
        String team = teams.label(r.teamId(), limits.maxKeys());
        String model = models.label(r.publicModel(), limits.maxModels());
        String deployment = deployments.label(r.deployment(), limits.maxModels());
        String provider = r.provider() == null ? LabelGuard.NONE : r.provider();
        String statusClass = statusClass(r.status());
        String error = errors.label(errorCode(r.errorType()), MAX_ERROR_TYPES);
        String cache = r.cache() == null ? LabelGuard.NONE : r.cache();

        RowMeters meters = meters(new RowMeters.Row(
                path,
                statusClass,
                provider,
                model,
                deployment,
                key,
                team,
                error,
                cache,
                GenAiNames.operation(summary.path()),
                GenAiNames.provider(config, r.provider())));
        meters.counter(Slot.REQUESTS).increment();
        tokens(meters, Slot.INPUT_TOKENS, r.inputTokens());
        tokens(meters, Slot.CACHED_TOKENS, r.cachedTokens());
        tokens(meters, Slot.CACHE_WRITE_TOKENS, r.cacheWriteTokens());
        tokens(meters, Slot.OUTPUT_TOKENS, r.outputTokens());
        tokens(meters, Slot.REASONING_TOKENS, r.reasoningTokens());
        add(meters, Slot.COST, r.costUsd());
        add(meters, Slot.CACHE_SAVED, r.savedUsd());
        meters.timer(Slot.DURATION).record(nanos(r.latencyMs()));
        if (r.ttftMs() != null) {
            meters.timer(Slot.TIME_TO_FIRST_TOKEN).record(nanos(r.ttftMs()));
        }
        if (r.attempts() > 0) {
            meters.counter(Slot.ATTEMPTS).increment(r.attempts());
        }
        if (r.fallback()) {
            meters.counter(Slot.FALLBACKS).increment();
        }
        if (r.attempts() > 0) {
            // The GenAI client metrics, for requests that reached a provider.
            meters.timer(Slot.GEN_AI_DURATION).record(nanos(r.latencyMs()));
            if (r.inputTokens() > 0 || r.outputTokens() > 0) {
                meters.summary(Slot.GEN_AI_INPUT_TOKENS).record(r.inputTokens());
                meters.summary(Slot.GEN_AI_OUTPUT_TOKENS).record(r.outputTokens());
            }
        }
        refusal(r.errorType(), model, key, team);
        tagged(r, limits, statusClass);
        for (GuardrailCheck check : r.guardrails()) {
            // Guardrail names come from the config, so their number is bounded by it.
            Counter.builder("gatehouse_guardrail_decisions")
                    .description("Guardrail decisions by guardrail, direction and action")
                    .tags("guardrail", check.name(), "direction", check.direction(), "action", check.action())
                    .register(registry)
                    .increment();
        }
    }

    /**
     * The meters of {@code row}, kept: there are as many rows as {@code gatehouse_requests} has
     * series, which the label guards bound.
     */
    private RowMeters meters(RowMeters.Row row) {
        RowMeters kept = rows.get(row);
        if (kept == null) {
            RowMeters made = new RowMeters(row, registry, BUCKETS);
            kept = rows.putIfAbsent(row, made);
            if (kept == null) {
                kept = made;
            }
        }
        return kept;
    }

    private static void tokens(RowMeters meters, Slot slot, long count) {
        if (count > 0) {
            meters.counter(slot).increment(count);
        }
    }

    private static void add(RowMeters meters, Slot slot, @Nullable Double amount) {
        if (amount != null && amount > 0) {
            meters.counter(slot).increment(amount);
        }
    }

    private void add(String name, String description, Tags tags, @Nullable Double amount) {
        if (amount != null && amount > 0) {
            Counter.builder(name)
                    .description(description)
                    .tags(tags)
                    .register(registry)
                    .increment(amount);
        }
    }

    /** The gateway's own 429s: {@code rate_limit_exceeded:<scope>:...} and {@code budget_exceeded:<scope>}. */
    private void refusal(@Nullable String errorType, String model, String key, String team) {
        if (errorType == null) {
            return;
        }
        String kind;
        if (errorType.startsWith("rate_limit_exceeded:")) {
            kind = "rate";
        } else if (errorType.startsWith("budget_exceeded:")) {
            kind = "budget";
        } else {
            return;
        }
        String[] parts = errorType.split(":", 3);
        Counter.builder("gatehouse_limit_refusals")
                .description("Requests the gateway refused for a rate limit or a budget")
                .tags(Tags.of("public_model", model, "key_id", key, "team_id", team, "kind", kind, "scope", parts[1]))
                .register(registry)
                .increment();
    }

    /** Requests and cost per feature tag; a request with two tags counts once under each. */
    private void tagged(UsageRecord r, MetricsSettings limits, String statusClass) {
        if (r.tags().isEmpty()) {
            return;
        }
        for (String tag : new LinkedHashSet<>(r.tags())) {
            Tags labels = Tags.of("tag", this.tags.label(tag, limits.maxTags()));
            Counter.builder("gatehouse_tag_requests")
                    .description("Finished requests by feature tag")
                    .tags(labels.and("status_class", statusClass))
                    .register(registry)
                    .increment();
            add(
                    "gatehouse_tag_cost_usd",
                    "Price of the tokens used by feature tag, in US dollars",
                    labels,
                    r.costUsd());
        }
    }

    /** The code of an error without its details ({@code rate_limit_exceeded:key:rpm} → {@code rate_limit_exceeded}). */
    private static @Nullable String errorCode(@Nullable String errorType) {
        if (errorType == null) {
            return null;
        }
        int colon = errorType.indexOf(':');
        return colon < 0 ? errorType : errorType.substring(0, colon);
    }

    private static final String[] STATUS_CLASSES = {"0xx", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private static String statusClass(int status) {
        int hundreds = status / 100;
        return hundreds >= 0 && hundreds < STATUS_CLASSES.length ? STATUS_CLASSES[hundreds] : hundreds + "xx";
    }

    private static Duration nanos(double millis) {
        return Duration.ofNanos((long) (millis * 1_000_000));
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos((long) (values[i] * 1_000_000_000L));
        }
        return out;
    }
}
