package dev.gatehouse.jmh;

import dev.gatehouse.metering.GuardrailCheck;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.ratelimit.Bucket;
import dev.gatehouse.ratelimit.Decision;
import dev.gatehouse.ratelimit.MemoryRateLimiter;
import dev.gatehouse.ratelimit.Meter;
import dev.gatehouse.ratelimit.Reservation;
import dev.gatehouse.routing.DeploymentRegistry;
import dev.gatehouse.routing.DeploymentStats;
import dev.gatehouse.config.RouterSettings;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The governed request's per-request pieces outside the pipeline classes, as {@code prof.sh governed}
 * drives them: the usage record's spool JSON, a reserve and settle of a key and a team with rpm and
 * tpm limits in the memory limiter (buckets built per request, as LimitScopes builds them), and the
 * planner's deployment lookup. Run with {@code -prof gc} for the bytes per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GovernanceStagesBenchmark {

    private UsageRecord record;
    private MemoryRateLimiter limiter;
    private DeploymentRegistry registry;
    private long sequence;

    @Setup
    public void setUp() {
        record = UsageRecord.builder()
                .requestId("req_01a249e741fd550c611f20ba")
                .timeMs(1_764_900_000_123L)
                .keyId("key-23b7a25534de1990")
                .teamId("bench")
                .publicModel("gpt-4o-mini")
                .provider("upstream")
                .deployment("upstream/gpt-4o-mini")
                .inputTokens(9)
                .outputTokens(9)
                .costUsd(9 * 0.15e-6 + 9 * 0.6e-6)
                .latencyMs(0.7846521)
                .ttftMs(0.7712093)
                .status(200)
                .cache("none")
                .attempts(1)
                .endpoint("/v1/chat/completions")
                .guardrails(List.<GuardrailCheck>of())
                .build();
        limiter = new MemoryRateLimiter(InstantSource.system());
        registry = new DeploymentRegistry(InstantSource.system(), RouterSettings.BreakerSettings::defaults);
        registry.get("upstream", "gpt-4o-mini");
    }

    @Benchmark
    public byte[] usageRecordSpoolJson() {
        return record.toJson();
    }

    @Benchmark
    public Decision reserveAndSettle() {
        List<Bucket> buckets = List.of(
                new Bucket("key", "key-23b7a25534de1990", null, Meter.REQUESTS, 100_000_000L, false),
                new Bucket("key", "key-23b7a25534de1990", null, Meter.TOKENS, 1_000_000_000L, false),
                new Bucket("team", "bench", null, Meter.REQUESTS, 100_000_000L, false),
                new Bucket("team", "bench", null, Meter.TOKENS, 1_000_000_000L, false));
        Reservation r = new Reservation("req_" + (sequence++), buckets, 30, 16);
        Decision d = limiter.reserve(r).result();
        limiter.settle(r, 9, 9);
        return d;
    }

    @Benchmark
    public DeploymentStats deploymentLookup() {
        return registry.get("upstream", "gpt-4o-mini");
    }
}
