package dev.gatehouse.cli;

import dev.gatehouse.config.MockSettings;
import dev.gatehouse.provider.mock.MockUpstream;
import dev.gatehouse.time.VertxClock;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse mock}: runs the built-in mock model alone as an OpenAI-compatible server, as an
 * upstream for benchmarks and demos.
 */
@Command(
        name = "mock",
        description = "Run the mock model as a standalone OpenAI-compatible server.",
        mixinStandardHelpOptions = true)
final class MockCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", defaultValue = "9000")
    int port;

    @Option(names = "--latency-ms", defaultValue = "0", description = "Delay before each response starts.")
    long latencyMs;

    @Option(names = "--chunk-interval-ms", defaultValue = "20", description = "Delay between streamed chunks.")
    long chunkIntervalMs;

    @Option(names = "--words", defaultValue = "24", description = "Words per reply.")
    int words;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        MockSettings settings =
                new MockSettings(Duration.ofMillis(latencyMs), Duration.ofMillis(chunkIntervalMs), words, 0.0, 500);
        int bound = new MockUpstream(vertx, settings, new VertxClock(vertx))
                .start(host, port)
                .await(30, TimeUnit.SECONDS);
        spec.commandLine().getOut().printf("Mock upstream listening on http://%s:%d/v1%n", host, bound);
        spec.commandLine().getOut().flush();
        RunUntilStopped.await(vertx::close, () -> Duration.ofSeconds(10));
        return 0;
    }
}
