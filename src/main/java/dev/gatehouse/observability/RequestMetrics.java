package dev.gatehouse.observability;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.MetricsSettings;
import dev.gatehouse.metering.GuardrailCheck;
import dev.gatehouse.metering.RequestSummary;
import dev.gatehouse.metering.UsageRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.LinkedHashSet;
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

    private final MeterRegistry registry;
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
        String statusClass = (r.status() / 100) + "xx";
        String error = errors.label(errorCode(r.errorType()), MAX_ERROR_TYPES);
        String cache = r.cache() == null ? LabelGuard.NONE : r.cache();

        // "status" is the label this family had first (with the class as its value); kept for dashboards.
        Counter.builder("gatehouse_requests")
                .description("Finished requests")
                .tags(Tags.of(
                        "path", path,
                        "status", statusClass,
                        "status_class", statusClass,
                        "provider", provider,
                        "public_model", model,
                        "deployment", deployment,
                        "key_id", key,
                        "team_id", team,
                        "error_type", error,
                        "cache", cache))
                .register(registry)
                .increment();

        Tags usage = Tags.of(
                "provider", provider, "deployment", deployment, "public_model", model, "key_id", key, "team_id", team);
        tokens(usage, "input", r.inputTokens());
        tokens(usage, "cached", r.cachedTokens());
        tokens(usage, "cache_write", r.cacheWriteTokens());
        tokens(usage, "output", r.outputTokens());
        tokens(usage, "reasoning", r.reasoningTokens());
        add("gatehouse_cost_usd", "Price of the tokens used, in US dollars", usage, r.costUsd());
        add(
                "gatehouse_cache_saved_usd",
                "What answers from the response cache cost when they were produced, in US dollars",
                usage.and("cache", cache),
                r.savedUsd());

        // Histograms leave the key out: their buckets multiply every series, and teams are the unit of alerting.
        Tags timing = Tags.of(
                "path", path, "provider", provider, "deployment", deployment, "public_model", model, "team_id", team);
        Timer.builder("gatehouse_request_duration")
                .description("Time from the request's arrival to its end (a stream's last chunk)")
                .tags(timing.and("status_class", statusClass))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(nanos(r.latencyMs()));
        if (r.ttftMs() != null) {
            Timer.builder("gatehouse_time_to_first_token")
                    .description("Time until the answer, or a stream's first chunk, was ready")
                    .tags(timing)
                    .serviceLevelObjectives(TTFT_BUCKETS)
                    .register(registry)
                    .record(nanos(r.ttftMs()));
        }

        refusal(r.errorType(), Tags.of("public_model", model, "key_id", key, "team_id", team));
        Tags route = Tags.of("public_model", model, "deployment", deployment);
        if (r.attempts() > 0) {
            Counter.builder("gatehouse_attempts")
                    .description("Upstream calls, retries and fallbacks included")
                    .tags(route)
                    .register(registry)
                    .increment(r.attempts());
        }
        if (r.fallback()) {
            Counter.builder("gatehouse_fallbacks")
                    .description("Requests answered (or last tried) by a fallback deployment")
                    .tags(route)
                    .register(registry)
                    .increment();
        }
        tagged(r, limits, statusClass);
        genAi(summary, config, model, error);
        for (GuardrailCheck check : r.guardrails()) {
            // Guardrail names come from the config, so their number is bounded by it.
            Counter.builder("gatehouse_guardrail_decisions")
                    .description("Guardrail decisions by guardrail, direction and action")
                    .tags("guardrail", check.name(), "direction", check.direction(), "action", check.action())
                    .register(registry)
                    .increment();
        }
    }

    private void tokens(Tags usage, String type, long count) {
        if (count > 0) {
            Counter.builder("gatehouse_tokens")
                    .description("Tokens by type; cached and cache_write are parts of input, reasoning of output")
                    .tags(usage.and("type", type))
                    .register(registry)
                    .increment(count);
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
    private void refusal(@Nullable String errorType, Tags who) {
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
                .tags(who.and("kind", kind, "scope", parts[1]))
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

    /**
     * The GenAI client metrics, for requests that reached a provider. Named with the conventions'
     * dots: OTLP carries them as they are, Prometheus sees {@code gen_ai_client_token_usage} and
     * {@code gen_ai_client_operation_duration_seconds}.
     */
    private void genAi(RequestSummary summary, GatewayConfig config, String model, String error) {
        UsageRecord r = summary.usage();
        if (r.attempts() == 0) {
            return;
        }
        Tags genAi = Tags.of(
                "gen_ai.operation.name", GenAiNames.operation(summary.path()),
                "gen_ai.provider.name", GenAiNames.provider(config, r.provider()),
                "gen_ai.request.model", model);
        Timer.builder("gen_ai.client.operation.duration")
                .description("GenAI operation duration")
                .tags(genAi.and("error.type", error))
                .serviceLevelObjectives(GEN_AI_DURATION_BUCKETS)
                .register(registry)
                .record(nanos(r.latencyMs()));
        if (r.inputTokens() > 0 || r.outputTokens() > 0) {
            tokenUsage(genAi, "input", r.inputTokens());
            tokenUsage(genAi, "output", r.outputTokens());
        }
    }

    private void tokenUsage(Tags genAi, String type, long count) {
        DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Number of input and output tokens used")
                .tags(genAi.and("gen_ai.token.type", type))
                .serviceLevelObjectives(GEN_AI_TOKEN_BUCKETS)
                .register(registry)
                .record(count);
    }

    /** The code of an error without its details ({@code rate_limit_exceeded:key:rpm} → {@code rate_limit_exceeded}). */
    private static @Nullable String errorCode(@Nullable String errorType) {
        if (errorType == null) {
            return null;
        }
        int colon = errorType.indexOf(':');
        return colon < 0 ? errorType : errorType.substring(0, colon);
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
