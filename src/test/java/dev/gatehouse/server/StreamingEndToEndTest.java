package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.FakeUpstream.After;
import dev.gatehouse.testing.Fixtures;
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
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server-Sent Events through the gateway: unbuffered, back-pressured, cancelled, and never silently cut. */
class StreamingEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM_BODY =
            "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private FakeUpstream upstream;
    private TestGateway gateway;

    @BeforeEach
    void start() {
        upstream = new FakeUpstream();
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT + """
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

    /** A data line as the client received it, with its arrival time. */
    record Arrival(String data, long nanos) {}

    private List<Arrival> streamRaw(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<java.util.stream.Stream<String>> response = gateway.http().send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
        List<Arrival> arrivals = new ArrayList<>();
        try (var lines = response.body()) {
            lines.filter(line -> line.startsWith("data: "))
                    .forEach(line -> arrivals.add(new Arrival(line.substring(6), System.nanoTime())));
        }
        return arrivals;
    }

    @Test
    void deliversEachChunkAsTheUpstreamSendsIt() throws Exception {
        List<String> events = Fixtures.sseData("openai/chat-stream-usage.sse");
        upstream.then(FakeUpstream.sse(events, Duration.ofMillis(200), After.END));

        long start = System.nanoTime();
        List<Arrival> arrivals = streamRaw(STREAM_BODY);

        // The fixture's 5 content chunks reach the client (the usage chunk it did not ask for is dropped).
        assertThat(arrivals).hasSize(6);
        assertThat(arrivals.get(arrivals.size() - 1).data()).isEqualTo("[DONE]");
        long firstMs = (arrivals.get(0).nanos() - start) / 1_000_000;
        assertThat(firstMs).as("first chunk arrives before the upstream is done (~1.4 s)").isLessThan(700);
        List<Long> gapsMs = IntStream.range(1, 5)
                .mapToObj(i -> (arrivals.get(i).nanos() - arrivals.get(i - 1).nanos()) / 1_000_000).toList();
        assertThat(gapsMs).as("chunks keep the upstream's 200 ms pacing instead of arriving together").allMatch(gap -> gap >= 120);
    }

    @Test
    void asksTheUpstreamForUsageButHidesItFromAClientThatDidNotAsk() throws Exception {
        upstream.then(FakeUpstream.sse(Fixtures.sseData("openai/chat-stream-usage.sse"), Duration.ZERO, After.END));

        List<Arrival> arrivals = streamRaw(STREAM_BODY);

        assertThat(upstream.lastReceived().body().path("stream_options").path("include_usage").asBoolean()).isTrue();
        for (Arrival a : arrivals.subList(0, arrivals.size() - 1)) {
            JsonNode chunk = JSON.readTree(a.data());
            assertThat(chunk.has("usage")).as(a.data()).isFalse();
            assertThat(chunk.path("choices").size()).isPositive();
        }
    }

    @Test
    void passesTheUsageChunkToAClientThatAskedForIt() throws Exception {
        upstream.then(FakeUpstream.sse(Fixtures.sseData("openai/chat-stream-usage.sse"), Duration.ZERO, After.END));

        List<Arrival> arrivals = streamRaw("{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        JsonNode usageChunk = JSON.readTree(arrivals.get(arrivals.size() - 2).data());
        assertThat(usageChunk.path("choices").size()).isZero();
        assertThat(usageChunk.path("usage").path("total_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void forwardsStreamedToolCalls() throws Exception {
        upstream.then(FakeUpstream.sse(Fixtures.sseData("openai/chat-stream-tools.sse"), Duration.ZERO, After.END));

        List<Arrival> arrivals = streamRaw(STREAM_BODY);

        StringBuilder arguments = new StringBuilder();
        for (Arrival a : arrivals.subList(0, arrivals.size() - 1)) {
            for (JsonNode call : JSON.readTree(a.data()).path("choices").path(0).path("delta").path("tool_calls")) {
                arguments.append(call.path("function").path("arguments").asText(""));
            }
        }
        assertThat(JSON.readTree(arguments.toString()).path("location").asText()).isEqualTo("Boston, MA");
    }

    @Test
    void cancelsTheUpstreamWithinASecondWhenTheClientDisconnects() throws Exception {
        List<String> many = Collections.nCopies(100, Fixtures.sseData("openai/chat-stream-usage.sse").get(1));
        upstream.then(FakeUpstream.sse(many, Duration.ofMillis(100), After.END));

        long closedByClient;
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            sendStreamRequest(socket);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("data: "));
            assertThat(line).isNotNull();
            closedByClient = System.nanoTime();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (upstream.connectionClosedNanos().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(upstream.connectionClosedNanos()).as("the upstream connection was closed").isNotEmpty();
        long lagMs = (upstream.connectionClosedNanos().get(0) - closedByClient) / 1_000_000;
        assertThat(lagMs).isLessThan(1000);
    }

    @Test
    void aSlowClientPausesTheUpstreamInsteadOfFillingMemory() throws Exception {
        // 200k events are about 50 MB: far more than every socket buffer between the upstream and the client.
        int events = 200_000;
        upstream.then(new FakeUpstream.Flood(Fixtures.sseData("openai/chat-stream-usage.sse").get(1), events));

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(32 * 1024);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", gateway.port()));
            sendStreamRequest(socket);
            int stalledAt = awaitStall();

            assertThat(stalledAt).as("the upstream stops writing while the client reads nothing").isLessThan(events * 2 / 5);
            Thread.sleep(1000);
            assertThat(upstream.floodWritten()).as("and stays held back").isLessThan(events * 2 / 5);

            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int received = 0;
            for (String line = in.readLine(); line != null && !line.equals("data: [DONE]"); line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    received++;
                }
            }
            assertThat(received).as("every chunk arrives once the client reads").isEqualTo(events);
        }
    }

    /** Waits until the flooding upstream has written nothing new for 600 ms, and returns its count. */
    private int awaitStall() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            Thread.sleep(600);
            int now = upstream.floodWritten();
            if (now == last && now > 0) {
                return now;
            }
            last = now;
        }
        return upstream.floodWritten();
    }

    private static void sendStreamRequest(Socket socket) throws java.io.IOException {
        byte[] body = STREAM_BODY.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestGateway.MASTER_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    @Test
    void endsAStreamThatGoesIdleWithAnErrorEvent() throws Exception {
        upstream.then(FakeUpstream.sse(Fixtures.sseData("openai/chat-stream-usage.sse").subList(0, 2), Duration.ZERO, After.HANG));

        List<Arrival> arrivals = streamRaw(STREAM_BODY);

        assertThat(arrivals).hasSize(3);
        JsonNode error = JSON.readTree(arrivals.get(2).data()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("upstream_timeout");
        assertThat(arrivals).noneMatch(a -> a.data().equals("[DONE]"));
    }

    @Test
    void turnsAStreamEndedEarlyIntoAnErrorEvent() throws Exception {
        upstream.then(FakeUpstream.sse(Fixtures.sseData("openai/chat-stream-usage.sse").subList(0, 2), Duration.ZERO, After.END));

        List<Arrival> arrivals = streamRaw(STREAM_BODY);

        assertThat(JSON.readTree(arrivals.get(arrivals.size() - 1).data()).path("error").path("code").asText())
                .isEqualTo("stream_truncated");
        assertThat(arrivals).noneMatch(a -> a.data().equals("[DONE]"));
    }

    @Test
    void turnsAResetMidStreamIntoAnErrorEvent() throws Exception {
        upstream.then(FakeUpstream.sse(Fixtures.sseData("openai/chat-stream-usage.sse").subList(0, 2), Duration.ZERO, After.RESET));

        List<Arrival> arrivals = streamRaw(STREAM_BODY);

        assertThat(JSON.readTree(arrivals.get(arrivals.size() - 1).data()).path("error").path("code").asText())
                .isIn("upstream_connection_closed", "stream_truncated");
    }

    @Test
    void forwardsAnErrorThatArrivesInsideTheStream() throws Exception {
        List<String> events = new ArrayList<>(Fixtures.sseData("openai/chat-stream-usage.sse").subList(0, 2));
        events.add("{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
        upstream.then(FakeUpstream.sse(events, Duration.ZERO, After.END));

        List<Arrival> arrivals = streamRaw(STREAM_BODY);

        JsonNode error = JSON.readTree(arrivals.get(arrivals.size() - 1).data()).path("error");
        assertThat(error.path("message").asText()).isEqualTo("The server had an error while processing your request.");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
    }

    @Test
    void theSdkRaisesWhenTheStreamBreaks() {
        upstream.then(FakeUpstream.sse(Fixtures.sseData("openai/chat-stream-usage.sse").subList(0, 2), Duration.ZERO, After.END));

        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = gateway.client().chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("hi").build())) {
                stream.stream().forEach(chunk -> { });
            }
        }).isInstanceOf(OpenAIException.class).hasMessageContaining("ended the stream before it was complete");
    }

    @Test
    void reportsAnUpstreamErrorStatusBeforeTheStreamStarts() throws Exception {
        upstream.then(FakeUpstream.json(429, Fixtures.text("openai/error-rate-limit.json")));

        var response = gateway.post("/v1/chat/completions", "application/json", STREAM_BODY);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
    }
}
