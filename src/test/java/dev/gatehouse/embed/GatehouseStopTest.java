package dev.gatehouse.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.server.GatewayServer;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@link Gatehouse#stop()} on a stream that outlasts {@code server.shutdown.drain_timeout}. */
class GatehouseStopTest {

    @TempDir
    Path dataDir;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger serverLog = (Logger) LoggerFactory.getLogger(GatewayServer.class);

    @AfterEach
    void detach() {
        serverLog.detachAppender(logged);
    }

    @Test
    void aStreamStillRunningAtTheDrainTimeoutIsCutAndTheLogSaysSo() throws Exception {
        logged.start();
        serverLog.addAppender(logged);
        FakeUpstream.Stepped endless = new FakeUpstream.Stepped(Fixtures.sseData("openai/chat-stream-usage.sse"));
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.then(endless);
            Gatehouse gateway = Gatehouse.builder()
                    .configYaml("""
                            providers:
                              slow:
                                type: openai
                                base_url: %s
                            models:
                              - name: gpt-4o-mini
                                provider: slow
                            server:
                              access_log: false
                              shutdown:
                                grace_period: 0s
                                drain_timeout: 1s
                            """.formatted(upstream.baseUrl()))
                    .env(Map.of())
                    .dataDir(dataDir)
                    .port(0)
                    .eventLoops(1)
                    .start();
            CompletableFuture<HttpResponse<InputStream>> answer = HttpClient.newHttpClient()
                    .sendAsync(
                            HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                                    .header("authorization", "Bearer " + gateway.masterKey())
                                    .header("content-type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                                                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            endless.release();
            endless.release();
            HttpResponse<InputStream> stream = answer.get(10, TimeUnit.SECONDS);
            List<String> received = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> readLines(stream.body(), received));
            reader.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(l -> l.contains("Hello")));

            gateway.stop();

            reader.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(received).doesNotContain("data: [DONE]");
            assertThat(gateway.ready()).isFalse();
            assertThat(logged.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.equals(
                            "drain timeout of 1000 ms passed: cutting 1 requests (1 streams) still in flight"));
        }
    }

    private static void readLines(InputStream body, List<String> into) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                into.add(line);
            }
        } catch (IOException e) {
            into.add("cut: " + e);
        }
    }
}
