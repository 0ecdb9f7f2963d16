package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.http.StreamResponse;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateResponse;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Legacy completions, rerank, audio (transcription, speech) and image generation through the real
 * server: the official openai-java SDK (plain HTTP for rerank, which the SDK has not) against fake
 * upstreams speaking OpenAI's and Cohere's wire formats; each request routed, recorded and priced by
 * its own unit.
 */
class MoreEndpointsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** JSON bodies are held whole, so they are kept small here; an upload streams past this limit. */
    private static final int JSON_LIMIT = 1024 * 1024;

    private FakeUpstream openai;
    private FakeUpstream cohere;
    private TestGateway gateway;

    @BeforeEach
    void start() {
        openai = new FakeUpstream();
        cohere = new FakeUpstream();
        String cohereRoot = cohere.baseUrl().substring(0, cohere.baseUrl().length() - "/v1".length());
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT
                + """
                server:
                  max_body_size: %d
                  max_upload_size: %d
                providers:
                  oai:
                    type: openai
                    base_url: %s
                  co:
                    type: cohere
                    base_url: %s
                    api_key: co-key
                  vllm:
                    type: openai
                    base_url: %s
                    rerank_path: /rerank-here
                  claude:
                    type: anthropic
                    base_url: %s
                    api_key: an-key
                models:
                  - name: gpt-3.5-turbo-instruct
                    provider: oai
                  - name: whisper-1
                    provider: oai
                  - name: tts-1
                    provider: oai
                  - name: dall-e-3
                    provider: oai
                  - name: rerank-v3.5
                    provider: co
                  - name: bge-reranker
                    provider: vllm
                    prices: {input: 0.05, output: 0}
                  - name: claude-sonnet-4-5
                    provider: claude
                """.formatted(
                                JSON_LIMIT,
                                64L * 1024 * 1024,
                                openai.baseUrl(),
                                cohereRoot,
                                openai.baseUrl(),
                                cohere.baseUrl()));
    }

    @AfterEach
    void stop() {
        gateway.close();
        openai.close();
        cohere.close();
    }

    @Test
    @SuppressWarnings("MustBeClosedChecker") // closed once read, below
    void completesTextWithTheSdkAndPricesItsTokens() throws Exception {
        openai.then(FakeUpstream.json(200, """
                {"id":"cmpl-1","object":"text_completion","created":1,"model":"gpt-3.5-turbo-instruct",
                 "choices":[{"text":"Hi there","index":0,"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"""));

        var raw = gateway.client()
                .completions()
                .withRawResponse()
                .create(CompletionCreateParams.builder()
                        .model("gpt-3.5-turbo-instruct")
                        .prompt("Say hi")
                        .maxTokens(5)
                        .build());
        Completion completion = raw.parse();
        raw.close();

        assertThat(completion.choices().get(0).text()).isEqualTo("Hi there");
        assertThat(openai.lastReceived().path()).isEqualTo("/v1/completions");
        assertThat(openai.lastReceived().body().path("prompt").asText()).isEqualTo("Say hi");
        UsageRecord r = record(raw.headers().values("x-request-id").get(0));
        assertThat(r.provider()).isEqualTo("oai");
        assertThat(r.endpoint()).isEqualTo("/v1/completions");
        assertThat(r.inputTokens()).isEqualTo(3);
        assertThat(r.costUsd()).isCloseTo(3 * 1.50e-6 + 2 * 2.00e-6, within(1e-12));
    }

    @Test
    void streamsCompletionsWithTheSdk() {
        openai.then(FakeUpstream.sse(
                List.of(
                        "{\"id\":\"c\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"text\":\"Hel\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}]}",
                        "{\"id\":\"c\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"text\":\"lo\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}]}",
                        "{\"id\":\"c\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":2,\"total_tokens\":4}}",
                        "[DONE]"),
                Duration.ZERO,
                FakeUpstream.After.END));

        StringBuilder text = new StringBuilder();
        try (StreamResponse<Completion> stream = gateway.client()
                .completions()
                .createStreaming(CompletionCreateParams.builder()
                        .model("gpt-3.5-turbo-instruct")
                        .prompt("Say hello")
                        .build())) {
            stream.stream().forEach(c -> c.choices().forEach(choice -> text.append(choice.text())));
        }

        assertThat(text.toString()).isEqualTo("Hello");
        // The gateway asks for usage so it can count the stream, and keeps that chunk from a client that did not.
        assertThat(openai.lastReceived()
                        .body()
                        .path("stream_options")
                        .path("include_usage")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void refusesCompletionsOnADialectWithoutThemNamingTheProvider() throws Exception {
        HttpResponse<String> response = gateway.post(
                "/v1/completions", "application/json", "{\"model\":\"claude-sonnet-4-5\",\"prompt\":\"hi\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("message").asText())
                .contains("'claude' (anthropic)")
                .contains("/v1/completions");
        assertThat(error.path("code").asText()).isEqualTo("unsupported_endpoint");
        assertThat(cohere.received()).isEmpty();
    }

    @Test
    @SuppressWarnings("MustBeClosedChecker") // closed once read, below
    void transcribesAnSdkUploadWhoseFileComesFirstAndPricesItsMinutes() throws Exception {
        openai.then(FakeUpstream.json(
                200, "{\"task\":\"transcribe\",\"language\":\"english\",\"duration\":90.0,\"text\":\"hello there\"}"));
        byte[] audio = new byte[50_000];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (i * 31);
        }

        var raw = gateway.client()
                .audio()
                .transcriptions()
                .withRawResponse()
                .create(TranscriptionCreateParams.builder()
                        .file(audio)
                        .model("whisper-1")
                        .responseFormat(AudioResponseFormat.VERBOSE_JSON)
                        .build());
        TranscriptionCreateResponse response = raw.parse();
        raw.close();

        assertThat(response.asVerbose().text()).isEqualTo("hello there");
        FakeUpstream.Received got = openai.lastReceived();
        assertThat(got.path()).isEqualTo("/v1/audio/transcriptions");
        assertThat(got.headers().get("content-type")).startsWith("multipart/form-data; boundary=");
        assertThat(indexOf(got.rawBody().getBytes(), audio)).isNotNegative();
        assertThat(got.rawBody().toString(StandardCharsets.ISO_8859_1)).contains("whisper-1");
        UsageRecord r = record(raw.headers().values("x-request-id").get(0));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.costUsd()).isCloseTo(1.5 * 0.006, within(1e-12));
    }

    @Test
    void streamsAThirtyMegabyteUploadPastTheJsonBodyLimit() throws Exception {
        openai.then(FakeUpstream.json(200, "{\"text\":\"long\",\"usage\":{\"type\":\"duration\",\"seconds\":1800}}"));
        String boundary = "gatehouse-test-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
                        + "--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"long.mp3\"\r\n"
                        + "Content-Type: audio/mpeg\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        long fileBytes = 30L * 1024 * 1024;
        long total = head.length + fileBytes + tail.length;
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/audio/transcriptions"))
                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                .header("content-type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(
                                () -> new SequenceInputStream(Collections.enumeration(List.of(
                                        new ByteArrayInputStream(head),
                                        new PatternStream(fileBytes),
                                        new ByteArrayInputStream(tail))))),
                        total))
                .build();

        HttpResponse<String> response = gateway.send(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Buffer received = openai.lastReceived().rawBody();
        assertThat((long) received.length()).isEqualTo(total);
        // Spot-check the file's bytes at its end: the pattern arrived whole and in order.
        long last = fileBytes - 1;
        assertThat(received.getByte((int) (head.length + last))).isEqualTo(PatternStream.byteAt(last));
        UsageRecord r = record(response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(r.costUsd()).isCloseTo(30 * 0.006, within(1e-9));
        // The same gateway refuses a JSON body of that size: only the upload is streamed.
        HttpResponse<String> big = gateway.post(
                "/v1/chat/completions", "application/json", "{\"pad\":\"" + "x".repeat(JSON_LIMIT) + "\"}");
        assertThat(big.statusCode()).isEqualTo(413);
    }

    @Test
    void refusesUploadsOverTheLimitDeclaredOrChunked() throws Exception {
        String boundary = "b0undary";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n" + "--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n\r\n";
        try (RawHttp declared = new RawHttp(gateway.port(), Duration.ofSeconds(10))) {
            declared.send("POST /v1/audio/transcriptions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + TestGateway.MASTER_KEY + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: " + (65L * 1024 * 1024) + "\r\n\r\n" + form);
            RawHttp.Response refused = declared.read();
            assertThat(refused.status()).isEqualTo(413);
            assertThat(refused.body()).contains("request_too_large");
        }
        // Chunked: the length is only known as it streams; past the limit the gateway closes the connection.
        openai.then(new FakeUpstream.Hang());
        try (RawHttp chunked = new RawHttp(gateway.port(), Duration.ofSeconds(20))) {
            chunked.send("POST /v1/audio/transcriptions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + TestGateway.MASTER_KEY + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(form.length()) + "\r\n" + form
                    + "\r\n");
            byte[] block = new byte[1024 * 1024];
            String size = Integer.toHexString(block.length) + "\r\n";
            boolean cut = false;
            for (int i = 0; i < 80 && !cut; i++) {
                try {
                    chunked.send(size.getBytes(StandardCharsets.US_ASCII));
                    chunked.send(block);
                    chunked.send("\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    cut = true;
                }
            }
            assertThat(cut || chunked.closedByServer()).isTrue();
        }
        assertThat(openai.received())
                .allSatisfy(r -> assertThat(r.rawBody().length()).isLessThan(65 * 1024 * 1024));
    }

    @Test
    void refusesAnUploadWithABadKeyWithoutReadingTheFile() throws Exception {
        String boundary = "b0undary";
        byte[] form = whisperForm(boundary, 2 * 1024 * 1024);

        HttpResponse<String> response =
                gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/audio/transcriptions"))
                        .header("authorization", "Bearer sk-not-a-key")
                        .header("content-type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(form))
                        .build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(openai.received()).isEmpty();
    }

    @Test
    void readsTheRestOfARefusedUploadBeforeClosingSoTheAnswerIsNotReset() throws Exception {
        String boundary = "b0undary";
        byte[] form = whisperForm(boundary, 4 * 1024 * 1024);
        int sentFirst = 64 * 1024;
        // A bad key is refused once the form's model is read; a declared length over the limit at once.
        for (String[] refused : new String[][] {
            {"sk-not-a-key", String.valueOf(form.length), "401"},
            {TestGateway.MASTER_KEY, String.valueOf(64L * 1024 * 1024 * 1024), "413"}
        }) {
            try (RawHttp raw = new RawHttp(gateway.port(), Duration.ofSeconds(10))) {
                raw.send("POST /v1/audio/transcriptions HTTP/1.1\r\nHost: gatehouse\r\n"
                        + "Authorization: Bearer " + refused[0] + "\r\n"
                        + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                        + "Content-Length: " + refused[1] + "\r\n\r\n");
                raw.send(Arrays.copyOf(form, sentFirst));

                RawHttp.Response answer = raw.read();
                assertThat(answer.status()).isEqualTo(Integer.parseInt(refused[2]));
                assertThat(answer.headers()).containsEntry("connection", "close");

                // Only now the client sends the rest, as one that writes its whole body before it reads
                // does; a connection closed with it unread would be reset, and this write or read fail.
                raw.send(Arrays.copyOfRange(form, sentFirst, form.length));
                if (refused[2].equals("401")) {
                    assertThat(raw.endsWithoutReset()).isTrue();
                } else {
                    // Declared far larger than it is: the gateway stops waiting for the rest after a while.
                    assertThat(raw.closedByServer()).isTrue();
                }
            }
        }
        assertThat(openai.received()).isEmpty();
    }

    /** A transcription form with its model first and a file of {@code fileBytes} bytes after it. */
    private static byte[] whisperForm(String boundary, int fileBytes) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
                        + "--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n\r\n"
                        + "x".repeat(fileBytes) + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void speaksWithTheSdkPassingTheAudioBackAndPricingItsCharacters() throws Exception {
        byte[] mp3 = new byte[4096];
        for (int i = 0; i < mp3.length; i++) {
            mp3[i] = (byte) (255 - i);
        }
        openai.then(new FakeUpstream.RespondBytes(200, "audio/mpeg", Buffer.buffer(mp3), Map.of()));
        String input = "Twenty-eight characters of it";

        try (var response = gateway.client()
                .audio()
                .speech()
                .create(SpeechCreateParams.builder()
                        .model("tts-1")
                        .input(input)
                        .voice(SpeechCreateParams.Voice.ofString("alloy"))
                        .build())) {
            assertThat(response.body().readAllBytes()).isEqualTo(mp3);
            assertThat(response.headers().values("content-type")).containsExactly("audio/mpeg");
            UsageRecord r = record(response.headers().values("x-request-id").get(0));
            assertThat(r.costUsd()).isCloseTo(input.length() * 0.000015, within(1e-12));
        }
        assertThat(openai.lastReceived().path()).isEqualTo("/v1/audio/speech");
    }

    @Test
    void streamsSpeechAsTheProviderSendsItAndCutsTheConnectionWhenItBreaks() throws Exception {
        List<Buffer> frames = List.of(
                Buffer.buffer(new byte[] {1, 2, 3}), Buffer.buffer(new byte[] {4, 5}), Buffer.buffer(new byte[] {6}));
        openai.then(new FakeUpstream.Frames("audio/ogg", frames, Duration.ZERO, FakeUpstream.After.END));

        HttpResponse<byte[]> whole = gateway.http().send(speechRequest(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(whole.headers().firstValue("content-type")).hasValue("audio/ogg");
        // Streamed, not buffered: the gateway could not know the length when it started answering.
        assertThat(whole.headers().firstValue("content-length")).isEmpty();

        openai.then(new FakeUpstream.Frames("audio/ogg", frames, Duration.ZERO, FakeUpstream.After.RESET));
        assertThatThrownBy(() -> gateway.http().send(speechRequest(), HttpResponse.BodyHandlers.ofByteArray()))
                .isInstanceOf(IOException.class);
    }

    private HttpRequest speechRequest() {
        return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/audio/speech"))
                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"tts-1\",\"input\":\"hello\",\"voice\":\"alloy\",\"response_format\":\"opus\"}"))
                .build();
    }

    @Test
    @SuppressWarnings("MustBeClosedChecker") // closed once read, below
    void generatesImagesWithTheSdkPricedBySizeAndQuality() throws Exception {
        openai.then(FakeUpstream.json(
                200, "{\"created\":1,\"data\":[{\"url\":\"https://img/1.png\"},{\"url\":\"https://img/2.png\"}]}"));

        var raw = gateway.client()
                .images()
                .withRawResponse()
                .generate(ImageGenerateParams.builder()
                        .model("dall-e-3")
                        .prompt("a lighthouse at dusk")
                        .n(2)
                        .size("1024x1792")
                        .quality(ImageGenerateParams.Quality.HD)
                        .build());
        ImagesResponse images = raw.parse();
        raw.close();

        assertThat(images.data().orElseThrow()).hasSize(2);
        assertThat(openai.lastReceived().path()).isEqualTo("/v1/images/generations");
        UsageRecord r = record(raw.headers().values("x-request-id").get(0));
        assertThat(r.endpoint()).isEqualTo("/v1/images/generations");
        assertThat(r.costUsd()).isCloseTo(2 * 0.12, within(1e-12));
    }

    @Test
    void budgetsReserveEveryImageAskedForBeforeTheProviderIsCalled() throws Exception {
        String key = new AdminClient(gateway.port(), TestGateway.MASTER_KEY)
                .createKey("{\"max_budget\":0.2}")
                .get("key")
                .asText();
        String twoImages =
                "{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"n\":2,\"size\":\"1024x1792\",\"quality\":\"hd\"}";
        int before = openai.received().size();

        HttpResponse<String> refused =
                gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/images/generations"))
                        .header("authorization", "Bearer " + key)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(twoImages))
                        .build());

        // Two HD portrait images cost $0.24, more than the key's $0.20: refused before any call.
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.body()).contains("budget_exceeded");
        assertThat(openai.received()).hasSize(before);

        openai.then(FakeUpstream.json(200, "{\"created\":1,\"data\":[{\"url\":\"https://img/1.png\"}]}"));
        HttpResponse<String> one =
                gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/images/generations"))
                        .header("authorization", "Bearer " + key)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(twoImages.replace("\"n\":2", "\"n\":1")))
                        .build());
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    }

    @Test
    void reranksThroughCohereAddingDocumentsAndPricingSearchUnits() throws Exception {
        cohere.then(FakeUpstream.json(200, """
                {"id":"rr-1","results":[{"index":1,"relevance_score":0.92},{"index":0,"relevance_score":0.11}],
                 "meta":{"api_version":{"version":"2"},"billed_units":{"search_units":1}}}"""));

        HttpResponse<String> response = gateway.post("/v1/rerank", "application/json", """
                {"model":"rerank-v3.5","query":"capital of France","top_n":2,"return_documents":true,
                 "documents":["Berlin is in Germany.",{"text":"Paris is the capital of France."}]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("results").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(body.path("results").get(0).path("document").path("text").asText())
                .isEqualTo("Paris is the capital of France.");
        FakeUpstream.Received got = cohere.lastReceived();
        assertThat(got.path()).isEqualTo("/v2/rerank");
        assertThat(got.headers().get("authorization")).isEqualTo("Bearer co-key");
        assertThat(got.body().path("documents").get(1).asText()).isEqualTo("Paris is the capital of France.");
        assertThat(got.body().has("return_documents")).isFalse();
        UsageRecord r = record(response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(r.endpoint()).isEqualTo("/v1/rerank");
        assertThat(r.costUsd()).isCloseTo(0.002, within(1e-12));
    }

    @Test
    void reranksThroughAnOpenAiCompatibleServerAtItsRerankPathPricingTokens() throws Exception {
        openai.then(FakeUpstream.json(200, """
                {"id":"rr-2","model":"bge-reranker","usage":{"total_tokens":40},
                 "results":[{"index":0,"relevance_score":0.7,"document":{"text":"only one"}}]}"""));

        HttpResponse<String> response = gateway.post(
                "/v1/rerank",
                "application/json",
                "{\"model\":\"bge-reranker\",\"query\":\"q\",\"documents\":[{\"text\":\"only one\"}],\"return_documents\":true}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())
                        .path("results")
                        .get(0)
                        .path("relevance_score")
                        .asDouble())
                .isEqualTo(0.7);
        // Jina and vLLM take {text} documents and return_documents as they are.
        assertThat(openai.lastReceived().path()).isEqualTo("/v1/rerank-here");
        assertThat(openai.lastReceived()
                        .body()
                        .path("documents")
                        .get(0)
                        .path("text")
                        .asText())
                .isEqualTo("only one");
        UsageRecord r = record(response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(r.inputTokens()).isEqualTo(40);
        assertThat(r.costUsd()).isCloseTo(40 * 0.05e-6, within(1e-15));
    }

    private UsageRecord record(String requestId) {
        return await("the usage record of " + requestId)
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
                            return gateway.server().usage().store().find(requestId);
                        },
                        Objects::nonNull);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** {@code length} bytes of a fixed pattern, generated as read, so the test itself holds none of them. */
    private static final class PatternStream extends InputStream {
        private final long length;
        private long position;

        PatternStream(long length) {
            this.length = length;
        }

        static byte byteAt(long position) {
            return (byte) (position * 7 + (position >> 16));
        }

        @Override
        public int read() {
            return position < length ? byteAt(position++) & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = byteAt(position++);
            }
            return n;
        }
    }
}
