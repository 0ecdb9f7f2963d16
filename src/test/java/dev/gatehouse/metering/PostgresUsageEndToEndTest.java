package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import dev.gatehouse.testing.TestServices;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage pipeline through the real server on a real PostgreSQL store: one request can never stop
 * the recording of every later one.
 */
class PostgresUsageEndToEndTest {

    private static final String CHAT =
            "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]%s}";

    @TempDir
    Path dir;

    private FakeUpstream upstream;
    private TestGateway gateway;

    @BeforeEach
    void start() {
        String pg = TestServices.postgresSchema();
        upstream = new FakeUpstream();
        upstream.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        gateway = TestGateway.start("""
                providers:
                  fake:
                    type: openai
                    base_url: %s
                models:
                  - name: gpt-4.1
                    provider: fake
                store:
                  type: postgres
                  url: "%s"
                usage:
                  spool_dir: "%s"
                """.formatted(upstream.baseUrl(), pg, dir.resolve("spool")));
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    private HttpResponse<String> chat(String extra) throws Exception {
        return gateway.post("/v1/chat/completions", "application/json", CHAT.formatted(extra));
    }

    private UsageRecord stored(String requestId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            UsageRecord r = gateway.server().usage().store().find(requestId);
            if (r != null) {
                return r;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("usage record " + requestId + " never reached the store");
    }

    @Test
    void aNulInTagsIsRefusedAtTheEdgeAndLaterRequestsAreStillRecorded() throws Exception {
        HttpResponse<String> poisoned = chat(",\"metadata\":{\"tags\":[\"a\\u0000b\"]}");
        assertThat(poisoned.statusCode()).as(poisoned.body()).isEqualTo(400);
        assertThat(poisoned.body()).contains("metadata.tags[0]");

        HttpResponse<String> next = chat(",\"metadata\":{\"tags\":[\"after\"]}");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(stored(next.headers().firstValue("x-request-id").orElseThrow())
                        .tags())
                .containsExactly("after");
        assertThat(stored(poisoned.headers().firstValue("x-request-id").orElseThrow())
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aRecordTheStoreRejectsIsSetAsideCountedAndDoesNotHoldUpTheOthers() throws Exception {
        // What slips past the edge (a field nobody thought of): PostgreSQL refuses the NUL.
        gateway.server()
                .usage()
                .writer()
                .accept(UsageRecord.builder()
                        .requestId("req_poison")
                        .timeMs(Instant.now().toEpochMilli())
                        .tags(List.of("x\u0000y"))
                        .status(200)
                        .cache("none")
                        .build());
        HttpResponse<String> next = chat("");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(stored(next.headers().firstValue("x-request-id").orElseThrow())
                        .status())
                .isEqualTo(200);

        assertThat(gateway.server().usage().store().find("req_poison")).isNull();
        List<String> deadLetters = Files.readAllLines(dir.resolve("spool").resolve("dead-letters.jsonl"));
        assertThat(deadLetters)
                .singleElement()
                .asString()
                .contains("\"request_id\":\"req_poison\"")
                .contains("22021");
        String metrics = gateway.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/metrics"))
                                .build())
                .body();
        assertThat(metrics).contains("gatehouse_usage_dead_letters_total 1.0");
    }
}
