package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real {@code gatehouse serve} process with a stream in flight: {@code /readyz} turns
 * unready at once, new connections are served through the grace period and refused after it, the
 * stream still ends with {@code [DONE]}, its usage record is in the store when the process is gone,
 * and the process exits 0.
 */
class GracefulShutdownEndToEndTest {

    private static final Pattern LISTENING = Pattern.compile("Gatehouse listening on http://[^:]+:(\\d+)");
    private static final String KEY = "sk-shutdown-test-master-0000000001";

    @TempDir
    Path dir;

    private Process process;
    private Path log;

    /** What the gateway printed so far. */
    private String output() throws IOException {
        return Files.readString(log);
    }

    @AfterEach
    void kill() throws Exception {
        System.out.println(output());
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStreamInFlightAtSigtermFinishesAndIsRecordedAndTheProcessExitsZero() throws Exception {
        List<String> events = Fixtures.sseData("openai/chat-stream-usage.sse");
        FakeUpstream.Stepped slow = new FakeUpstream.Stepped(events);
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.then(slow);
            Path db = dir.resolve("gatehouse.db");
            Path config = dir.resolve("gatehouse.yaml");
            Files.writeString(config, """
                    providers:
                      slow:
                        type: openai
                        base_url: %s
                    models:
                      - name: gpt-4o-mini
                        provider: slow
                    store:
                      type: sqlite
                      path: %s
                    usage:
                      spool_dir: %s
                    server:
                      access_log: false
                      shutdown:
                        grace_period: 2s
                        drain_timeout: 60s
                    """.formatted(upstream.baseUrl(), db, dir.resolve("spool")));
            int port = serve(config);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            await("ready after the warm-up").atMost(Duration.ofSeconds(30)).until(() -> readyz(port) == 200);

            CompletableFuture<HttpResponse<InputStream>> answer = http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                            .header("authorization", "Bearer " + KEY)
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            // The gateway answers once the first chunk is there; the second carries the first words.
            slow.release();
            slow.release();
            HttpResponse<InputStream> stream = answer.get(10, TimeUnit.SECONDS);
            assertThat(stream.statusCode()).isEqualTo(200);
            String requestId = stream.headers().firstValue("x-request-id").orElseThrow();
            List<String> received = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> readLines(stream.body(), received));
            reader.start();
            await("the first words reached the client")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> received.stream().anyMatch(l -> l.contains("Hello")));

            process.destroy();

            await("/readyz reports draining at once, on a new connection")
                    .atMost(Duration.ofSeconds(1))
                    .until(() -> readyz(port) == 503);
            await("the listener closes after the grace period")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> refused(port));
            assertThat(process.isAlive()).as("still draining the stream").isTrue();

            for (int i = 2; i < events.size(); i++) {
                slow.release();
            }
            reader.join(TimeUnit.SECONDS.toMillis(15));
            assertThat(received).contains("data: [DONE]");
            assertThat(received).noneMatch(l -> l.contains("\"error\""));

            assertThat(process.waitFor(40, TimeUnit.SECONDS))
                    .as("the process ended")
                    .isTrue();
            assertThat(process.exitValue())
                    .as("exit status; output: %s", output())
                    .isZero();
            assertThat(storedRequest(db, requestId))
                    .as("the stream's usage record")
                    .isTrue();
            assertThat(output()).contains("shutting down", "shut down: ").doesNotContain("drain timeout");
        }
    }

    /** {@code /readyz}'s status, asked on a new connection; -1 when none could be made. */
    private static int readyz(int port) {
        try {
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Whether a new connection to {@code port} is refused (the listener is closed). */
    private static boolean refused(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void readLines(InputStream body, List<String> into) {
        readLines(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)), into);
    }

    private static void readLines(BufferedReader reader, List<String> into) {
        try (BufferedReader lines = reader) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                into.add(line);
            }
        } catch (IOException e) {
            into.add("cut: " + e);
        }
    }

    private static boolean storedRequest(Path db, String requestId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM usage_records WHERE request_id = ?")) {
            q.setString(1, requestId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getLong(1) == 1;
            }
        }
    }

    private int serve(Path config) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        GatehouseCommand.class.getName(),
                        "serve",
                        "--port",
                        "0",
                        "--instances",
                        "1",
                        "--config",
                        config.toString())
                .redirectErrorStream(true)
                .directory(dir.toFile());
        log = dir.resolve("gateway.log");
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("GATEHOUSE_") || k.endsWith("_API_KEY"));
        builder.environment().put("GATEHOUSE_MASTER_KEY", KEY);
        // To a file rather than a pipe: the JDK closes a finished process's pipe under a reader still
        // reading, which would lose the last lines the shutdown logs.
        builder.redirectOutput(log.toFile());
        process = builder.start();
        Matcher[] listening = new Matcher[1];
        await("the gateway listens").atMost(Duration.ofSeconds(60)).until(() -> {
            Matcher m = LISTENING.matcher(output());
            if (m.find()) {
                listening[0] = m;
                return true;
            }
            return !process.isAlive();
        });
        if (listening[0] != null) {
            return Integer.parseInt(listening[0].group(1));
        }
        throw new AssertionError("gateway did not start: " + output());
    }
}
