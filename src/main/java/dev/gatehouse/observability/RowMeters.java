package dev.gatehouse.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The per-request meters of one row of label values, each registered the first time a request of
 * that row needs it and kept. A builder's {@code register} sorts and merges its tags and looks the
 * meter up by them (about a tenth of the event loop's CPU and allocations with ten families per
 * request, issue #20); a kept meter costs one array read. Families stay lazily populated, so a
 * series appears at its first non-zero value as before. Thread-safe: two event loops registering
 * the same meter at once get the same one from the registry.
 */
final class RowMeters {

    /** The label values of a request's per-request families, after their {@link LabelGuard}s. */
    record Row(
            String path,
            String statusClass,
            String provider,
            String model,
            String deployment,
            String key,
            String team,
            String error,
            String cache,
            String genAiOperation,
            String genAiProvider) {}

    /** One meter of the row. */
    enum Slot {
        REQUESTS,
        INPUT_TOKENS,
        CACHED_TOKENS,
        CACHE_WRITE_TOKENS,
        OUTPUT_TOKENS,
        REASONING_TOKENS,
        COST,
        CACHE_SAVED,
        DURATION,
        TIME_TO_FIRST_TOKEN,
        ATTEMPTS,
        FALLBACKS,
        GEN_AI_DURATION,
        GEN_AI_INPUT_TOKENS,
        GEN_AI_OUTPUT_TOKENS
    }

    private static final int SLOTS = Slot.values().length;

    private final Row row;
    private final MeterRegistry registry;
    private final Buckets buckets;
    private final AtomicReferenceArray<Meter> meters = new AtomicReferenceArray<>(SLOTS);

    /** The histogram boundaries of the timed families, owned by {@link RequestMetrics}. */
    record Buckets(Duration[] latency, Duration[] ttft, Duration[] genAiDuration, double[] genAiTokens) {}

    RowMeters(Row row, MeterRegistry registry, Buckets buckets) {
        this.row = row;
        this.registry = registry;
        this.buckets = buckets;
    }

    Counter counter(Slot slot) {
        return (Counter) meter(slot);
    }

    Timer timer(Slot slot) {
        return (Timer) meter(slot);
    }

    DistributionSummary summary(Slot slot) {
        return (DistributionSummary) meter(slot);
    }

    private Meter meter(Slot slot) {
        Meter kept = meters.get(slot.ordinal());
        if (kept == null) {
            kept = register(slot);
            meters.set(slot.ordinal(), kept);
        }
        return kept;
    }

    private Meter register(Slot slot) {
        Row r = row;
        return switch (slot) {
            // "status" is the label this family had first (with the class as its value); kept for dashboards.
            case REQUESTS ->
                Counter.builder("gatehouse_requests")
                        .description("Finished requests")
                        .tags(Tags.of(
                                "path", r.path(),
                                "status", r.statusClass(),
                                "status_class", r.statusClass(),
                                "provider", r.provider(),
                                "public_model", r.model(),
                                "deployment", r.deployment(),
                                "key_id", r.key(),
                                "team_id", r.team(),
                                "error_type", r.error(),
                                "cache", r.cache()))
                        .register(registry);
            case INPUT_TOKENS -> tokens("input");
            case CACHED_TOKENS -> tokens("cached");
            case CACHE_WRITE_TOKENS -> tokens("cache_write");
            case OUTPUT_TOKENS -> tokens("output");
            case REASONING_TOKENS -> tokens("reasoning");
            case COST ->
                Counter.builder("gatehouse_cost_usd")
                        .description("Price of the tokens used, in US dollars")
                        .tags(usage())
                        .register(registry);
            case CACHE_SAVED ->
                Counter.builder("gatehouse_cache_saved_usd")
                        .description("What answers from the response cache cost when they were produced, in US dollars")
                        .tags(usage().and("cache", r.cache()))
                        .register(registry);
            // Histograms leave the key out: their buckets multiply every series, and teams are the unit of alerting.
            case DURATION ->
                Timer.builder("gatehouse_request_duration")
                        .description("Time from the request's arrival to its end (a stream's last chunk)")
                        .tags(timing().and("status_class", r.statusClass()))
                        .serviceLevelObjectives(buckets.latency())
                        .register(registry);
            case TIME_TO_FIRST_TOKEN ->
                Timer.builder("gatehouse_time_to_first_token")
                        .description("Time until the answer, or a stream's first chunk, was ready")
                        .tags(timing())
                        .serviceLevelObjectives(buckets.ttft())
                        .register(registry);
            case ATTEMPTS ->
                Counter.builder("gatehouse_attempts")
                        .description("Upstream calls, retries and fallbacks included")
                        .tags(route())
                        .register(registry);
            case FALLBACKS ->
                Counter.builder("gatehouse_fallbacks")
                        .description("Requests answered (or last tried) by a fallback deployment")
                        .tags(route())
                        .register(registry);
            case GEN_AI_DURATION ->
                Timer.builder("gen_ai.client.operation.duration")
                        .description("GenAI operation duration")
                        .tags(genAi().and("error.type", r.error()))
                        .serviceLevelObjectives(buckets.genAiDuration())
                        .register(registry);
            case GEN_AI_INPUT_TOKENS -> tokenUsage("input");
            case GEN_AI_OUTPUT_TOKENS -> tokenUsage("output");
        };
    }

    private Counter tokens(String type) {
        return Counter.builder("gatehouse_tokens")
                .description("Tokens by type; cached and cache_write are parts of input, reasoning of output")
                .tags(usage().and("type", type))
                .register(registry);
    }

    private DistributionSummary tokenUsage(String type) {
        return DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Number of input and output tokens used")
                .tags(genAi().and("gen_ai.token.type", type))
                .serviceLevelObjectives(buckets.genAiTokens())
                .register(registry);
    }

    private Tags usage() {
        return Tags.of(
                "provider", row.provider(),
                "deployment", row.deployment(),
                "public_model", row.model(),
                "key_id", row.key(),
                "team_id", row.team());
    }

    private Tags timing() {
        return Tags.of(
                "path", row.path(),
                "provider", row.provider(),
                "deployment", row.deployment(),
                "public_model", row.model(),
                "team_id", row.team());
    }

    private Tags route() {
        return Tags.of("public_model", row.model(), "deployment", row.deployment());
    }

    private Tags genAi() {
        return Tags.of(
                "gen_ai.operation.name", row.genAiOperation(),
                "gen_ai.provider.name", row.genAiProvider(),
                "gen_ai.request.model", row.model());
    }
}
