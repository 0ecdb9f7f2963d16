package dev.gatehouse.jmh;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ZeroConfig;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.IncomingRequest;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Pipeline;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the pipeline's own machinery costs per request, without any stage's work: an exchange with
 * the governed path's shape (20 stages, 29 typed values written and 49 read), where 13 stages only
 * act on the request side, 4 watch the reply ({@code onSuccess}) and 2 build a new reply future
 * ({@code map}), over a last stage that answers at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineBenchmark {

    private static final int STAGES = 20;
    private static final Reply ANSWER =
            new Reply.Unary(200, Buffer.buffer("{}"), new Usage(9, 9, 18, 0, false), null, Reply.Unary.JSON);

    private GatewayConfig config;
    private IncomingRequest request;
    private Pipeline pipeline;
    private long watched;

    @Setup
    public void setUp() {
        config = ZeroConfig.fromEnvironment(Map.of());
        request = IncomingRequest.internal("/v1/chat/completions");
        List<Interceptor> stages = new ArrayList<>();
        for (int i = 0; i < STAGES - 1; i++) {
            stages.add(stage(i));
        }
        stages.add((ex, chain) -> Future.succeededFuture(ANSWER));
        pipeline = new Pipeline(stages);
    }

    private Interceptor stage(int i) {
        Exchange.Key<String> written = Exchange.Key.of("written-" + i);
        Exchange.Key<String> second = Exchange.Key.of("second-" + i);
        Exchange.Key<String> earlier = Exchange.Key.of("written-" + Math.max(0, i - 1));
        boolean writesTwo = i % 2 == 0;
        return switch (i % 5) {
            case 1 -> (ex, chain) -> {
                request(ex, written, second, writesTwo);
                return chain.proceed(ex).onSuccess(reply -> watched++);
            };
            case 3 -> (ex, chain) -> {
                request(ex, written, second, writesTwo);
                return i < 10 ? chain.proceed(ex).map(reply -> reply) : chain.proceed(ex);
            };
            default -> (ex, chain) -> {
                request(ex, written, second, writesTwo);
                ex.find(earlier);
                return chain.proceed(ex);
            };
        };
    }

    private static void request(Exchange ex, Exchange.Key<String> written, Exchange.Key<String> second, boolean two) {
        ex.put(written, "v");
        if (two) {
            ex.put(second, "w");
        }
        ex.has(second);
        ex.get(written);
    }

    @Benchmark
    public Reply governedShape() {
        Exchange ex = new Exchange("req_1", 0, request, config);
        return pipeline.handle(ex).result();
    }
}
