package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server reads a JSON body whole into a buffer preallocated to its Content-Length (capped at
 * 64 KB): a body sent chunked (no length), or longer than that cap, must arrive the same, and a
 * chunked body over the limit must still be refused, its connection closed only once the rest was
 * read. The API paths are served without the router, the same paths spelled otherwise through it.
 */
class RequestBodiesEndToEndTest {

    private static final int LIMIT = 192 * 1024;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("""
                server:
                  max_body_size: 192KB
                providers:
                  mock:
                    type: mock
                models:
                  - name: gpt-4o-mini
                    provider: mock
                """);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @ParameterizedTest(name = "{0} bytes of content")
    @ValueSource(ints = {10, 900, 5_000, 100_000})
    void readsABodySentChunkedAsItReadsOneWithALength(int size) throws Exception {
        String body = chat(size);

        JsonNode withLength = answer(withLength(body));
        JsonNode chunked = answer(chunked(body, 4096));

        assertThat(withLength.path("usage").path("prompt_tokens").asInt()).isPositive();
        assertThat(chunked.path("usage")).isEqualTo(withLength.path("usage"));
        assertThat(chunked.path("model").asText()).isEqualTo("gpt-4o-mini");
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1024, 64 * 1024})
    void refusesAChunkedBodyOverTheLimitWith413(int chunk) throws Exception {
        try (RawHttp connection = new RawHttp(gateway.port(), Duration.ofSeconds(20))) {
            RawHttp.Response response =
                    connection.send(chunked(chat(LIMIT + 1), chunk)).read();

            assertThat(response.status()).as(response.body()).isEqualTo(413);
            assertThat(Json.parse(response.body()).path("error").path("code").asText())
                    .isEqualTo("request_too_large");
        }
    }

    @ParameterizedTest(name = "declared: {0}")
    @ValueSource(booleans = {true, false})
    void refusesABodyOverTheLimitAndReadsItsRestBeforeClosingSoTheAnswerIsNotReset(boolean declared) throws Exception {
        byte[] body = chat(4 * LIMIT).getBytes(StandardCharsets.UTF_8);
        int sentFirst = LIMIT + 64 * 1024;
        try (RawHttp raw = new RawHttp(gateway.port(), Duration.ofSeconds(10))) {
            if (declared) {
                raw.send(head() + "Content-Length: " + body.length + "\r\n\r\n");
                raw.send(Arrays.copyOf(body, sentFirst));
            } else {
                raw.send(head() + "Transfer-Encoding: chunked\r\n\r\n"
                        + chunks(new String(Arrays.copyOf(body, sentFirst), StandardCharsets.UTF_8), 16 * 1024));
            }

            RawHttp.Response answer = raw.read();
            assertThat(answer.status()).as(answer.body()).isEqualTo(413);
            assertThat(answer.headers()).containsEntry("connection", "close");

            // Only now the client sends the rest, as one that writes its whole body before it reads
            // does; a connection closed with it unread would be reset, and this write or read fail.
            byte[] rest = Arrays.copyOfRange(body, sentFirst, body.length);
            if (declared) {
                raw.send(rest);
            } else {
                raw.send(chunks(new String(rest, StandardCharsets.UTF_8), 16 * 1024) + "0\r\n\r\n");
            }
            assertThat(raw.endsWithoutReset()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} bytes of content")
    @ValueSource(ints = {900, 100_000})
    void answersAnApiPathSpelledWithATrailingSlashAsTheExactOne(int size) throws Exception {
        String body = chat(size);
        JsonNode exact = answer(withLength(body));
        // Through the router, which the exact path skips.
        JsonNode slash = answer(withLength(body).replace("/v1/chat/completions ", "/v1/chat/completions/ "));
        JsonNode slashChunked = answer(chunked(body, 4096).replace("/v1/chat/completions ", "/v1/chat/completions/ "));

        assertThat(slash.path("usage")).isEqualTo(exact.path("usage"));
        assertThat(slashChunked.path("usage")).isEqualTo(exact.path("usage"));
        assertThat(slash.path("model").asText()).isEqualTo("gpt-4o-mini");
    }

    private static JsonNode answer(String request) throws Exception {
        try (RawHttp connection = new RawHttp(gateway.port(), Duration.ofSeconds(20))) {
            RawHttp.Response response = connection.send(request).read();
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            return Json.parse(response.body());
        }
    }

    private static String chat(int contentBytes) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "a b ".repeat(contentBytes / 4) + "\"}]}";
    }

    private static String head() {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + TestGateway.MASTER_KEY
                + "\r\nContent-Type: application/json\r\n";
    }

    private static String withLength(String body) {
        return head() + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static String chunked(String body, int chunk) {
        return head() + "Transfer-Encoding: chunked\r\n\r\n" + chunks(body, chunk) + "0\r\n\r\n";
    }

    /** {@code body} in chunks of {@code chunk} bytes, without the last (empty) chunk. */
    private static String chunks(String body, int chunk) {
        StringBuilder request = new StringBuilder();
        for (int at = 0; at < body.length(); at += chunk) {
            String part = body.substring(at, Math.min(body.length(), at + chunk));
            request.append(Integer.toHexString(part.length()))
                    .append("\r\n")
                    .append(part)
                    .append("\r\n");
        }
        return request.toString();
    }
}
