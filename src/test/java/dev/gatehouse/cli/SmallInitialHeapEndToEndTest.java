package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.testing.GatewayProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} started as users start it, in a JVM of its own, with and without a heap size. */
class SmallInitialHeapEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void withoutAHeapSizeTheSameProcessRunsOnWithTheSmallInitialHeap() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/cmdline")), "reads /proc: Linux only");
        try (GatewayProcess gateway = GatewayProcess.start(config())) {
            assertThat(commandLine(gateway.pid())).contains("-Xms32m", SmallInitialHeap.MARKER, "serve");
            assertThat(readyz(gateway)).as("%s", gateway.output()).isEqualTo(200);
            assertThat(gateway.output()).anyMatch(line -> line.contains("restarted in place with -Xms32m"));
        }
    }

    @Test
    void aHeapSizeGivenByHandIsLeftAlone() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/cmdline")), "reads /proc: Linux only");
        try (GatewayProcess gateway = GatewayProcess.start(config(), "-Xms48m")) {
            assertThat(commandLine(gateway.pid()))
                    .contains("-Xms48m")
                    .doesNotContain("-Xms32m", SmallInitialHeap.MARKER);
            assertThat(readyz(gateway)).as("%s", gateway.output()).isEqualTo(200);
        }
    }

    private Path config() throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, """
                providers:
                  mock:
                    type: mock
                models:
                  - name: gpt-4o-mini
                    provider: mock
                store:
                  type: sqlite
                  path: %s
                usage:
                  spool_dir: %s
                """.formatted(dir.resolve("g.db"), dir.resolve("spool")));
        return config;
    }

    private static List<String> commandLine(long pid) throws Exception {
        String raw = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
        return List.of(raw.split("\0"));
    }

    /** The readiness answer once it is 200, or the last one after two minutes of warm-up. */
    private static int readyz(GatewayProcess gateway) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/readyz"))
                .build();
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        int status =
                client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        while (status != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status =
                    client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        return status;
    }
}
