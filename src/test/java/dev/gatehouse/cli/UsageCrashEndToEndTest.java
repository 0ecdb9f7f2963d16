package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.FakeUpstream.After;
import dev.gatehouse.testing.Fixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a gateway process under load: after a restart on the same spool, every request
 * that got a complete response has its usage record in the store, exactly once.
 */
class UsageCrashEndToEndTest {

    private static final Pattern LISTENING = Pattern.compile("Gatehouse listening on http://[^:]+:(\\d+)");
    private static final String KEY = "sk-crash-test-master-000000000001";

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
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
        builder.environment().put("GATEHOUSE_MASTER_KEY", KEY);
        Process process = builder.start();
        processes.add(process);
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> output = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            output.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> reader.lines().forEach(l -> {}));
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("gateway did not start: " + output);
    }

    @Test
    void everyAnsweredRequestIsStoredExactlyOnceAfterAKill9() throws Exception {
        try (FakeUpstream json = new FakeUpstream();
                FakeUpstream sse = new FakeUpstream()) {
            json.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
            sse.always(FakeUpstream.sse(Fixtures.sseData("openai/chat-stream-usage.sse"), Duration.ZERO, After.END));
            Path db = dir.resolve("gatehouse.db");
            Path config = dir.resolve("gatehouse.yaml");
            Files.writeString(config, """
                    providers:
                      json:
                        type: openai
                        base_url: %s
                      sse:
                        type: openai
                        base_url: %s
                    models:
                      - name: gpt-4.1
                        provider: json
                      - name: gpt-4.1-stream
                        provider: sse
                        model: gpt-4.1
                    store:
                      type: sqlite
                      path: %s
                    usage:
                      spool_dir: %s
                    server:
                      access_log: false
                      port: 0
                    """.formatted(json.baseUrl(), sse.baseUrl(), db, dir.resolve("spool")));

            int port = serve(config);
            Set<String> answered = ConcurrentHashMap.newKeySet();
            AtomicBoolean loading = new AtomicBoolean(true);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                boolean stream = c % 2 == 1;
                Thread t = new Thread(() -> {
                    String body = "{\"model\":\"" + (stream ? "gpt-4.1-stream" : "gpt-4.1")
                            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]"
                            + (stream ? ",\"stream\":true" : "") + "}";
                    while (loading.get()) {
                        try {
                            HttpResponse<String> r = http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                                            .header("authorization", "Bearer " + KEY)
                                            .header("content-type", "application/json")
                                            .timeout(Duration.ofSeconds(5))
                                            .POST(HttpRequest.BodyPublishers.ofString(body))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            boolean complete = r.statusCode() == 200
                                    && (!stream || r.body().contains("data: [DONE]"));
                            if (complete) {
                                answered.add(
                                        r.headers().firstValue("x-request-id").orElseThrow());
                            }
                        } catch (Exception e) {
                            // The gateway was killed under this request: it got no response.
                        }
                    }
                });
                clients.add(t);
                t.start();
            }
            // The kill lands mid-traffic once 1500 requests were answered, or after 20 s of load on a slow
            // machine: a budget of real time, as the traffic is real, and many records are in the spool either way.
            long loadUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> answered.size() >= 1500 || System.nanoTime() > loadUntil);
            Process first = processes.get(0);
            first.destroyForcibly();
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
            loading.set(false);
            for (Thread t : clients) {
                t.join();
            }
            Set<String> answeredBeforeKill = new HashSet<>(answered);
            assertThat(answeredBeforeKill.size())
                    .as("requests answered before the kill")
                    .isGreaterThan(100);

            serve(config);
            await("every answered request has its usage record")
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> {
                        Set<String> missing = new HashSet<>(answeredBeforeKill);
                        missing.removeAll(storedIds(db));
                        assertThat(missing)
                                .as("answered requests without a usage record")
                                .isEmpty();
                    });
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                    ResultSet rs = c.createStatement()
                            .executeQuery(
                                    "SELECT COUNT(*), COUNT(DISTINCT request_id), (SELECT SUM(requests) FROM usage_daily) FROM usage_records")) {
                rs.next();
                assertThat(rs.getLong(1)).as("no record twice").isEqualTo(rs.getLong(2));
                assertThat(rs.getLong(3)).as("rollups count each record once").isEqualTo(rs.getLong(1));
            }
        }
    }

    private static Set<String> storedIds(Path db) throws Exception {
        Set<String> ids = new HashSet<>();
        if (!Files.exists(db)) {
            return ids;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT request_id FROM usage_records")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            // The store is being created or migrated by the restarted gateway.
        }
        return ids;
    }
}
