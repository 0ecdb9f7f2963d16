package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.FakeUpstream.After;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server-Sent Events through the gateway: unbuffered, back-pressured, cancelled, and never silently
 * cut. The gateway runs on a manual clock, so its stream timeouts fire when a test moves it.
 */
class StreamingEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM_BODY =
            "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(400);

    private final ManualClock clock = new ManualClock();
    private FakeUpstream upstream;
    private TestGateway gateway;

    @BeforeEach
    void start() {
        upstream = new FakeUpstream();
        gateway = TestGateway.start(clock, TestGateway.SINGLE_ATTEMPT + """
                providers:
                  fake:
                    type: openai
                    base_url: %s
                    timeouts:
                      idle: 400ms
                models:
                  - name: gpt-4o-mini
                    provider: fake
                """.formatted(upstream.baseUrl()));
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    /** The data of each event the client received, in order. */
    private List<String> streamRaw(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<java.util.stream.Stream<String>> response =
                gateway.http().send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .get()
                .asString()
                .startsWith("text/event-stream");
        try (var lines = response.body()) {
            return lines.filter(line -> line.startsWith("data: "))
                    .map(line -> line.substring(6))
                    .toList();
        }
    }

    @Test
    void deliversEachChunkAsTheUpstreamSendsIt() throws Exception {
        List<String> events = Fixtures.sseData("openai/chat-stream-usage.sse");
        FakeUpstream.Stepped stepped = new FakeUpstream.Stepped(events);
        upstream.then(stepped);

        try (Socket socket = streamingRequest()) {
            BufferedReader in = reader(socket);
            // The fixture's 5 content chunks reach the client one by one, each before the upstream sends the next.
            for (int i = 0; i < 5; i++) {
                stepped.release();
                JsonNode chunk = JSON.readTree(nextData(in));
                assertThat(chunk.path("choices").path(0).path("delta"))
                        .as("chunk %d", i)
                        .isEqualTo(JSON.readTree(events.get(i))
                                .path("choices")
                                .path(0)
                                .path("delta"));
            }
            stepped.release();
            stepped.release();
            assertThat(nextData(in))
                    .as("the usage chunk it did not ask for is dropped")
                    .isEqualTo("[DONE]");
        }
    }

    @Test
    void asksTheUpstreamForUsageButHidesItFromAClientThatDidNotAsk() throws Exception {
        upstream.then(FakeUpstream.sse(Fixtures.sseData("openai/chat-stream-usage.sse"), Duration.ZERO, After.END));

        List<String> data = streamRaw(STREAM_BODY);

        assertThat(upstream.lastReceived()
                        .body()
                        .path("stream_options")
                        .path("include_usage")
                        .asBoolean())
                .isTrue();
        for (String event : data.subList(0, data.size() - 1)) {
            JsonNode chunk = JSON.readTree(event);
            assertThat(chunk.has("usage")).as(event).isFalse();
            assertThat(chunk.path("choices").size()).isPositive();
        }
    }

    @Test
    void passesTheUsageChunkToAClientThatAskedForIt() throws Exception {
        upstream.then(FakeUpstream.sse(Fixtures.sseData("openai/chat-stream-usage.sse"), Duration.ZERO, After.END));

        List<String> data =
                streamRaw("{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        JsonNode usageChunk = JSON.readTree(data.get(data.size() - 2));
        assertThat(usageChunk.path("choices").size()).isZero();
        assertThat(usageChunk.path("usage").path("total_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void forwardsStreamedToolCalls() throws Exception {
        upstream.then(FakeUpstream.sse(Fixtures.sseData("openai/chat-stream-tools.sse"), Duration.ZERO, After.END));

        List<String> data = streamRaw(STREAM_BODY);

        StringBuilder arguments = new StringBuilder();
        for (String event : data.subList(0, data.size() - 1)) {
            for (JsonNode call :
                    JSON.readTree(event).path("choices").path(0).path("delta").path("tool_calls")) {
                arguments.append(call.path("function").path("arguments").asText(""));
            }
        }
        assertThat(JSON.readTree(arguments.toString()).path("location").asText())
                .isEqualTo("Boston, MA");
    }

    @Test
    void cancelsTheUpstreamWhenTheClientDisconnects() throws Exception {
        // The upstream never ends this stream, and the gateway's idle timeout waits for the clock:
        // only the client going away can close the upstream connection.
        upstream.then(FakeUpstream.sse(
                Fixtures.sseData("openai/chat-stream-usage.sse").subList(0, 2), Duration.ZERO, After.HANG));

        try (Socket socket = streamingRequest()) {
            assertThat(nextData(reader(socket))).isNotNull();
        }

        await("the upstream connection was closed")
                .atMost(Duration.ofSeconds(5))
                .until(() -> !upstream.connectionClosedNanos().isEmpty());
    }

    @Test
    void aSlowClientPausesTheUpstreamInsteadOfFillingMemory() throws Exception {
        // 200k events are about 50 MB: far more than every socket buffer between the upstream and the client.
        int events = 200_000;
        upstream.then(new FakeUpstream.Flood(
                Fixtures.sseData("openai/chat-stream-usage.sse").get(1), events));

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(32 * 1024);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", gateway.port()));
            sendStreamRequest(socket);
            // Back-pressure shows as progress that stops, which only real time can show: what holds the
            // upstream back is full socket buffers, not a timer of the gateway's clock. So this waits,
            // with generous bounds, for the upstream to sit on a full write queue for half a second,
            // then checks that it stays held back for a second.
            await("the upstream stops writing while the client reads nothing")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> upstream.floodBlockedFor().compareTo(Duration.ofMillis(500)) >= 0);
            assertThat(upstream.floodWritten()).as("stalled early").isLessThan(events * 2 / 5);
            await("and stays held back")
                    .during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> upstream.floodWritten() < events * 2 / 5);

            BufferedReader in = reader(socket);
            int received = 0;
            for (String line = in.readLine(); line != null && !line.equals("data: [DONE]"); line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    received++;
                }
            }
            assertThat(received).as("every chunk arrives once the client reads").isEqualTo(events);
        }
    }

    /** A raw connection that has sent {@link #STREAM_BODY}; reads on it give up after 10 s instead of hanging the test. */
    private Socket streamingRequest() throws java.io.IOException {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        socket.setSoTimeout(10_000);
        sendStreamRequest(socket);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws java.io.IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The data of the next SSE event on a raw HTTP/1.1 response (the chunk-size lines around it skipped). */
    private static String nextData(BufferedReader in) throws java.io.IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("data: ")) {
                return line.substring(6);
            }
        }
        return null;
    }

    /** The data of the events left in a raw chunked response, up to its last chunk. */
    private static List<String> restOfStream(BufferedReader in) throws java.io.IOException {
        List<String> data = new ArrayList<>();
        for (String line = in.readLine(); line != null && !line.equals("0"); line = in.readLine()) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        return data;
    }

    private static void sendStreamRequest(Socket socket) throws java.io.IOException {
        byte[] body = STREAM_BODY.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + TestGateway.MASTER_KEY + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    @Test
    void endsAStreamThatGoesIdleWithAnErrorEvent() throws Exception {
        upstream.then(FakeUpstream.sse(
                Fixtures.sseData("openai/chat-stream-usage.sse").subList(0, 2), Duration.ZERO, After.HANG));

        try (Socket socket = streamingRequest()) {
            BufferedReader in = reader(socket);
            assertThat(nextData(in)).isNotNull();
            assertThat(nextData(in)).isNotNull();
            assertThat(clock.pendingDelays()).as("the idle timer is set").contains(IDLE_TIMEOUT);

            clock.advance(IDLE_TIMEOUT);

            List<String> rest = restOfStream(in);
            assertThat(rest).hasSize(1);
            assertThat(JSON.readTree(rest.get(0)).path("error").path("code").asText())
                    .isEqualTo("upstream_timeout");
        }
    }

    @Test
    void turnsAStreamEndedEarlyIntoAnErrorEvent() throws Exception {
        upstream.then(FakeUpstream.sse(
                Fixtures.sseData("openai/chat-stream-usage.sse").subList(0, 2), Duration.ZERO, After.END));

        List<String> data = streamRaw(STREAM_BODY);

        assertThat(JSON.readTree(data.get(data.size() - 1))
                        .path("error")
                        .path("code")
                        .asText())
                .isEqualTo("stream_truncated");
        assertThat(data).doesNotContain("[DONE]");
    }

    @Test
    void turnsAResetMidStreamIntoAnErrorEvent() throws Exception {
        upstream.then(FakeUpstream.sse(
                Fixtures.sseData("openai/chat-stream-usage.sse").subList(0, 2), Duration.ZERO, After.RESET));

        List<String> data = streamRaw(STREAM_BODY);

        assertThat(JSON.readTree(data.get(data.size() - 1))
                        .path("error")
                        .path("code")
                        .asText())
                .isIn("upstream_connection_closed", "stream_truncated");
    }

    @Test
    void forwardsAnErrorThatArrivesInsideTheStream() throws Exception {
        List<String> events =
                new ArrayList<>(Fixtures.sseData("openai/chat-stream-usage.sse").subList(0, 2));
        events.add(
                "{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
        upstream.then(FakeUpstream.sse(events, Duration.ZERO, After.END));

        List<String> data = streamRaw(STREAM_BODY);

        JsonNode error = JSON.readTree(data.get(data.size() - 1)).path("error");
        assertThat(error.path("message").asText()).isEqualTo("The server had an error while processing your request.");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
    }

    @Test
    void theSdkRaisesWhenTheStreamBreaks() {
        upstream.then(FakeUpstream.sse(
                Fixtures.sseData("openai/chat-stream-usage.sse").subList(0, 2), Duration.ZERO, After.END));

        assertThatThrownBy(() -> {
                    try (StreamResponse<ChatCompletionChunk> stream = gateway.client()
                            .chat()
                            .completions()
                            .createStreaming(ChatCompletionCreateParams.builder()
                                    .model("gpt-4o-mini")
                                    .addUserMessage("hi")
                                    .build())) {
                        stream.stream().forEach(chunk -> {});
                    }
                })
                .isInstanceOf(OpenAIException.class)
                .hasMessageContaining("ended the stream before it was complete");
    }

    @Test
    void reportsAnUpstreamErrorStatusBeforeTheStreamStarts() throws Exception {
        upstream.then(FakeUpstream.json(429, Fixtures.text("openai/error-rate-limit.json")));

        var response = gateway.post("/v1/chat/completions", "application/json", STREAM_BODY);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
                .isEqualTo("rate_limit_exceeded");
    }
}
