package dev.gatehouse.ratelimit;

import static org.awaitility.Awaitility.await;

import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What the queue tests share: sending a chat request without waiting for it, and the queue depth gauge. */
final class QueueTesting {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private QueueTesting() {}

    static String body(String text) {
        return "{\"model\":\"gpt-4o\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"" + text
                + "\"}]}";
    }

    /** Sends a chat request with {@code key} and extra headers; the future completes with the answer. */
    static CompletableFuture<HttpResponse<String>> send(
            TestGateway gateway, String key, String text, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(text)));
        headers.forEach(b::header);
        return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request on a raw socket, so the test can hang up on it while it waits. */
    static RawHttp sendRaw(TestGateway gateway, String key, String text) throws Exception {
        String body = body(text);
        RawHttp raw = new RawHttp(gateway.port(), Duration.ofSeconds(30));
        raw.send("POST /v1/chat/completions HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer " + key
                + "\r\ncontent-type: application/json\r\ncontent-length: " + body.length() + "\r\n\r\n" + body);
        return raw;
    }

    /** The queue depth gauge of {@code gateway}, as {@code /metrics} shows it. */
    static long depth(TestGateway gateway) {
        for (String line : gateway.server().metrics().scrape().split("\n")) {
            if (line.startsWith("gatehouse_queue_depth ")) {
                return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("no gatehouse_queue_depth in /metrics");
    }

    static void awaitDepth(TestGateway gateway, long expected) {
        await("queue depth " + expected)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(2))
                .until(() -> depth(gateway) == expected);
    }
}
