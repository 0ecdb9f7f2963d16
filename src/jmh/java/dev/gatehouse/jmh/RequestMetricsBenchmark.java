package dev.gatehouse.jmh;

import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.metering.RequestSummary;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.observability.GatewayMetrics;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the request metrics cost per finished request on the event loop: the governed bench's
 * request (a virtual key in a team, one attempt, tokens, cost) recorded into every family, with
 * the series already there as they are after the first request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestMetricsBenchmark {

    private GatewayMetrics metrics;
    private GatewayConfig config;
    private RequestSummary summary;

    @Setup
    public void setUp() throws Exception {
        config = new ConfigLoader(Map.of())
                .parse(
                        "providers:\n  upstream:\n    type: openai\n    base_url: http://127.0.0.1:9/v1\n"
                                + "models:\n  - name: gpt-4o-mini\n    provider: upstream\n",
                        "bench.yaml");
        metrics = new GatewayMetrics();
        UsageRecord record = UsageRecord.builder()
                .requestId("req-1")
                .keyId("key-1")
                .teamId("bench")
                .publicModel("gpt-4o-mini")
                .provider("upstream")
                .deployment("upstream/gpt-4o-mini")
                .inputTokens(9)
                .outputTokens(9)
                .costUsd(0.0000081)
                .latencyMs(1.2)
                .ttftMs(1.1)
                .status(200)
                .attempts(1)
                .cache("none")
                .build();
        summary = new RequestSummary(record, "POST", "/v1/chat/completions", false, "gpt-4o-mini", null);
    }

    @TearDown
    public void tearDown() {
        metrics.close();
    }

    @Benchmark
    public void record() {
        metrics.request(summary, config);
    }
}
