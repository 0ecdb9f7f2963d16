package dev.gatehouse.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.json.Json;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.server.CacheWiring;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The response cache through the real server, with the OpenAI and Anthropic SDKs where the shape
 * matters: exact and semantic hits that never reach the provider, near misses refused, scopes and
 * namespaces kept apart, the per-request controls, streamed replays, what is never stored, embeddings,
 * limits and budgets on a hit, the usage record and the admin API. Entries in memory here, in Redis
 * in {@link RedisResponseCacheEndToEndTest}.
 */
class ResponseCacheEndToEndTest {

    static final String MODELS = """
            providers:
              fake:
                type: openai
                base_url: %1$s
                api_key: sk-upstream-secret-0000000001
            models:
              - name: gpt-4o-mini
                provider: fake
                prices:
                  input: 1000
                  output: 1000
              - name: text-embedding-3-small
                provider: fake
              - name: uncached
                provider: fake
                cache:
                  mode: off
              - name: via-gateway
                provider: fake
                cache:
                  semantic:
                    embedding_model: text-embedding-3-small
            """;

    protected FakeUpstream upstream;
    protected ManualClock clock;
    protected TestGateway gateway;
    protected AdminClient admin;
    protected String key;

    /** The {@code state:} section: memory here, Redis in the subclass. */
    protected String state() {
        return "";
    }

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeUpstream();
        // Health probes list the models; the scripted answers are for the requests the tests send.
        upstream.onPath("/v1/models", FakeUpstream.json(200, "{\"object\":\"list\",\"data\":[]}"));
        clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        gateway = TestGateway.start(
                clock,
                TestGateway.SINGLE_ATTEMPT + state() + """
                cache:
                  mode: semantic
                  ttl: 1h
                  semantic:
                    threshold: 0.85
                """ + MODELS.formatted(upstream.baseUrl()),
                new CacheWiring(vertx -> new BagOfWordsEmbedder(), new NumbersDifferCheck()));
        admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
        // Entries in Redis outlive a gateway: start from none.
        assertThat(admin.call("DELETE", "/admin/v1/cache", "").status()).isEqualTo(200);
        admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"red\"}");
        admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"blue\"}");
        key = newKey("{\"team_id\":\"red\"}");
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    String newKey(String body) throws Exception {
        return admin.createKey(body).get("key").asText();
    }

    static String chat(String question) {
        return "{\"model\":\"gpt-4o-mini\",\"max_tokens\":50,\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
    }

    HttpResponse<String> post(String withKey, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .header("authorization", "Bearer " + withKey)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return gateway.send(request.build());
    }

    HttpResponse<String> ask(String withKey, String question, String... headers) throws Exception {
        return post(withKey, "/chat/completions", chat(question), headers);
    }

    /** The requests that reached the provider (health probes aside). */
    List<FakeUpstream.Received> calls() {
        return upstream.received().stream()
                .filter(r -> r.method().equals("POST"))
                .toList();
    }

    static String cache(HttpResponse<String> response) {
        return response.headers().firstValue("x-gatehouse-cache").orElse("(none)");
    }

    void answerHello() {
        upstream.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
    }

    UsageRecord record(HttpResponse<String> response) {
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        return await("the usage record of " + requestId)
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
                            return gateway.server().usage().store().find(requestId);
                        },
                        java.util.Objects::nonNull);
    }

    @Test
    void anExactRepeatIsAnsweredFromTheCacheWithoutReachingTheProvider() throws Exception {
        answerHello();
        HttpResponse<String> first = ask(key, "What is the capital of France?");
        clock.advance(Duration.ofSeconds(42));
        // The same request with its fields in another order, another user and metadata: the same answer.
        HttpResponse<String> again = post(
                key,
                "/chat/completions",
                "{\"user\":\"someone-else\",\"metadata\":{\"run\":\"2\"},\"messages\":[{\"content\":\"Be brief.\","
                        + "\"role\":\"system\"},{\"role\":\"user\",\"content\":\"What is the capital of France?\"}],"
                        + "\"max_tokens\":50,\"model\":\"gpt-4o-mini\"}");

        assertThat(cache(first)).isEqualTo("miss");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(cache(again)).isEqualTo("hit");
        assertThat(again.headers().firstValue("x-gatehouse-cache-age")).contains("42");
        assertThat(again.headers().firstValue("x-gatehouse-cache-similarity")).isEmpty();
        assertThat(Json.parse(again.body())).isEqualTo(Json.parse(first.body()));
        assertThat(calls()).hasSize(1);

        ChatCompletion viaSdk = gateway.client(key)
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .maxTokens(50)
                        .addSystemMessage("Be brief.")
                        .addUserMessage("What is the capital of France?")
                        .build());
        assertThat(viaSdk.choices().get(0).message().content()).contains("Hello! How can I help you today?");
        assertThat(calls()).hasSize(1);
    }

    @Test
    void aChangeToAnythingThatChangesTheAnswerIsAMiss() throws Exception {
        answerHello();
        ask(key, "What is the capital of France?");
        HttpResponse<String> warmer = post(
                key,
                "/chat/completions",
                chat("What is the capital of France?")
                        .replace("\"max_tokens\":50", "\"max_tokens\":50,\"temperature\":1.5"));
        HttpResponse<String> otherSystem = post(
                key, "/chat/completions", chat("What is the capital of France?").replace("Be brief.", "Be verbose."));

        assertThat(cache(warmer)).isEqualTo("miss");
        assertThat(cache(otherSystem)).isEqualTo("miss");
        assertThat(calls()).hasSize(3);
    }

    @Test
    void aParaphraseIsASemanticHitAndANearMissIsRefused() throws Exception {
        answerHello();
        ask(key, "tell me the capital of France");
        HttpResponse<String> paraphrase = ask(key, "tell me the capital of France please");

        assertThat(cache(paraphrase)).isEqualTo("semantic-hit");
        double similarity = Double.parseDouble(
                paraphrase.headers().firstValue("x-gatehouse-cache-similarity").orElseThrow());
        assertThat(similarity).isBetween(0.85, 0.99);
        assertThat(calls()).hasSize(1);

        ask(key, "set the kitchen timer for 10 minutes please");
        // Nine of ten words shared (cosine 0.9, over the threshold), but the numbers differ: the check vetoes it.
        HttpResponse<String> nearMiss = ask(key, "set the kitchen timer for 20 minutes please");
        assertThat(cache(nearMiss)).isEqualTo("miss");
        assertThat(calls()).hasSize(3);
    }

    @Test
    void aSemanticMatchNeedsEverythingButTheLastQuestionToBeEqual() throws Exception {
        answerHello();
        ask(key, "tell me the capital of France");
        HttpResponse<String> otherSystem = post(
                key,
                "/chat/completions",
                chat("tell me the capital of France please").replace("Be brief.", "Answer in German."));
        assertThat(cache(otherSystem)).isEqualTo("miss");
        assertThat(calls()).hasSize(2);
    }

    @Test
    void noOtherTeamIsEverAnsweredFromATeamsEntryExactlyOrSemantically() throws Exception {
        answerHello();
        String sameTeam = newKey("{\"team_id\":\"red\"}");
        String otherTeam = newKey("{\"team_id\":\"blue\"}");
        String noTeam = newKey("{}");
        ask(key, "tell me the capital of France");

        assertThat(cache(ask(otherTeam, "tell me the capital of France"))).isEqualTo("miss");
        assertThat(cache(ask(otherTeam, "tell me the capital of France please")))
                .isEqualTo("semantic-hit");
        assertThat(cache(ask(noTeam, "tell me the capital of France"))).isEqualTo("miss");
        assertThat(cache(ask(noTeam, "tell me the capital of France please"))).isEqualTo("semantic-hit");
        // The blue team's and the lone key's semantic hits came from their own entries, not red's.
        assertThat(calls()).hasSize(3);
        assertThat(cache(ask(sameTeam, "tell me the capital of France"))).isEqualTo("hit");
        assertThat(cache(ask(sameTeam, "tell me the capital of France please"))).isEqualTo("semantic-hit");
        assertThat(calls()).hasSize(3);
    }

    @Test
    void aNamespaceIsAPartitionOfItsOwn() throws Exception {
        answerHello();
        String ns = "x-gatehouse-cache-namespace";
        assertThat(cache(ask(key, "What is the capital of France?", ns, "faq"))).isEqualTo("miss");
        assertThat(cache(ask(key, "What is the capital of France?", ns, "support")))
                .isEqualTo("miss");
        assertThat(cache(ask(key, "What is the capital of France?"))).isEqualTo("miss");
        assertThat(cache(ask(key, "Who wrote Hamlet?", ns, "faq"))).isEqualTo("miss");
        assertThat(cache(ask(key, "What is the capital of France?", ns, "faq"))).isEqualTo("hit");
        assertThat(calls()).hasSize(4);

        AdminClient.Answer deleted = admin.call("DELETE", "/admin/v1/cache?namespace=faq", "");
        assertThat(deleted.body().path("deleted").asLong()).isEqualTo(2);
        assertThat(cache(ask(key, "What is the capital of France?", ns, "faq"))).isEqualTo("miss");
        assertThat(cache(ask(key, "What is the capital of France?", ns, "support")))
                .isEqualTo("hit");
    }

    @Test
    void noStoreNeitherReadsNorWritesAndNoCacheRefreshes() throws Exception {
        upstream.then(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")))
                .then(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")))
                .always(FakeUpstream.json(200, Fixtures.text("openai/chat-length.json")));
        String q = "What is the capital of France?";
        assertThat(cache(ask(key, q, "cache-control", "no-store"))).isEqualTo("bypass");
        assertThat(cache(ask(key, q))).isEqualTo("miss");
        assertThat(cache(ask(key, q, "cache-control", "no-store"))).isEqualTo("bypass");
        HttpResponse<String> refreshed = ask(key, q, "cache-control", "max-age=0, no-cache");
        assertThat(cache(refreshed)).isEqualTo("bypass");
        HttpResponse<String> hit = ask(key, q);
        assertThat(cache(hit)).isEqualTo("hit");
        assertThat(Json.parse(hit.body())).isEqualTo(Json.parse(refreshed.body()));
        assertThat(Json.parse(hit.body())
                        .path("choices")
                        .get(0)
                        .path("finish_reason")
                        .asText())
                .isEqualTo("length");
        assertThat(calls()).hasSize(4);
    }

    @Test
    void theTtlHeaderSetsHowLongTheAnswerIsKept() throws Exception {
        answerHello();
        String q = "What is the capital of France?";
        ask(key, q, "x-gatehouse-cache-ttl", shortTtl());
        assertThat(cache(ask(key, q))).isEqualTo("hit");
        expire();
        assertThat(cache(ask(key, q))).isEqualTo("miss");
        assertThat(calls()).hasSize(2);
    }

    /** A TTL for the TTL test's header. */
    protected String shortTtl() {
        return "30s";
    }

    /** Lets the short TTL pass: on the gateway's clock, which the memory store reads. */
    protected void expire() {
        clock.advance(Duration.ofSeconds(31));
    }

    @Test
    void badCacheHeadersAreRefusedNamingTheHeader() throws Exception {
        answerHello();
        for (String[] header : List.of(
                new String[] {"x-gatehouse-cache-ttl", "soon"},
                new String[] {"x-gatehouse-cache-ttl", "0"},
                new String[] {"x-gatehouse-cache-namespace", "no spaces allowed"})) {
            HttpResponse<String> r = ask(key, "hi", header[0], header[1]);
            assertThat(r.statusCode()).isEqualTo(400);
            JsonNode error = Json.parse(r.body()).path("error");
            assertThat(error.path("param").asText()).isEqualTo(header[0]);
            assertThat(error.path("message").asText()).contains(header[0]);
        }
        assertThat(calls()).isEmpty();
    }

    @Test
    void aCachedAnswerIsReplayedAsAStreamTheOpenAiSdkParses() throws Exception {
        upstream.then(new FakeUpstream.Frames(
                        "text/event-stream",
                        FakeUpstream.sseEvents("openai/chat-hello-stream.sse"),
                        Duration.ZERO,
                        FakeUpstream.After.END))
                .always(FakeUpstream.json(500, Fixtures.text("openai/error-server.json")));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .maxTokens(50)
                .addUserMessage("Say hello")
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        String first = streamed(params);
        ChatCompletionAccumulator replay = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new java.util.ArrayList<>();
        try (var stream = gateway.client(key).chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                replay.accumulate(chunk);
            });
        }
        ChatCompletion replayed = replay.chatCompletion();
        assertThat(first).isEqualTo("Hello! How can I help you today?");
        assertThat(replayed.choices().get(0).message().content()).contains(first);
        assertThat(replayed.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(chunks.get(chunks.size() - 1).usage()).isPresent();
        assertThat(calls()).hasSize(1);

        // The streamed answer, kept whole, answers a JSON request too.
        ChatCompletion json = gateway.client(key)
                .chat()
                .completions()
                .create(params.toBuilder()
                        .streamOptions(java.util.Optional.empty())
                        .build());
        assertThat(json.choices().get(0).message().content()).contains(first);
        assertThat(calls()).hasSize(1);
    }

    private String streamed(ChatCompletionCreateParams params) {
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (var stream = gateway.client(key).chat().completions().createStreaming(params)) {
            stream.stream().forEach(acc::accumulate);
        }
        return acc.chatCompletion().choices().get(0).message().content().orElseThrow();
    }

    @Test
    void aStreamReplayWithoutIncludeUsageHasNoUsageChunk() throws Exception {
        answerHello();
        ask(key, "Say hello");
        HttpResponse<String> replay =
                post(key, "/chat/completions", chat("Say hello").replace("{\"model\"", "{\"stream\":true,\"model\""));
        assertThat(cache(replay)).isEqualTo("hit");
        assertThat(replay.headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
        assertThat(replay.body()).contains("Hello! How can I help you today?").endsWith("data: [DONE]\n\n");
        assertThat(replay.body()).doesNotContain("\"usage\"");
    }

    @Test
    void anAnthropicClientGetsTheCachedAnswerAsAMessageAndAsAnEventStream() throws Exception {
        answerHello();
        AnthropicClient anthropic = AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port())
                .apiKey(key)
                .maxRetries(0)
                .build();
        MessageCreateParams params = MessageCreateParams.builder()
                .model("gpt-4o-mini")
                .maxTokens(50)
                .system("Be brief.")
                .addUserMessage("Say hello")
                .build();
        Message first = anthropic.messages().create(params);
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message replayed = accumulator.message();

        assertThat(replayed.content().get(0).text().orElseThrow().text())
                .isEqualTo(first.content().get(0).text().orElseThrow().text())
                .isEqualTo("Hello! How can I help you today?");
        assertThat(replayed.usage().outputTokens()).isEqualTo(9);
        assertThat(calls()).hasSize(1);
        // The Anthropic surface's entries are its own: the OpenAI surface does not read them.
        assertThat(cache(ask(key, "Say hello"))).isEqualTo("miss");
    }

    @Test
    void errorsFilteredAnswersAndBrokenStreamsAreNeverStored() throws Exception {
        upstream.then(FakeUpstream.json(500, Fixtures.text("openai/error-server.json")))
                .then(FakeUpstream.json(200, Fixtures.text("openai/chat-content-filter.json")))
                .then(FakeUpstream.sse(
                        List.of("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},"
                                + "\"finish_reason\":null}]}"),
                        Duration.ZERO,
                        FakeUpstream.After.RESET))
                .always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        String q = "What is the capital of France?";
        assertThat(ask(key, q).statusCode()).isEqualTo(500);
        assertThat(cache(ask(key, q))).isEqualTo("miss"); // content_filter: not kept
        HttpResponse<String> cut =
                post(key, "/chat/completions", chat(q).replace("{\"model\"", "{\"stream\":true,\"model\""));
        assertThat(cut.body()).doesNotContain("[DONE]");
        HttpResponse<String> fourth = ask(key, q);
        assertThat(cache(fourth)).isEqualTo("miss");
        assertThat(fourth.statusCode()).isEqualTo(200);
        assertThat(cache(ask(key, q))).isEqualTo("hit");
        assertThat(calls()).hasSize(4);
    }

    @Test
    void embeddingsAreCachedPerModelDimensionsAndInput() throws Exception {
        upstream.always(FakeUpstream.json(200, Fixtures.text("openai/embeddings.json")));
        String body = "{\"model\":\"text-embedding-3-small\",\"input\":\"hello world\",\"dimensions\":3}";
        HttpResponse<String> first = post(key, "/embeddings", body);
        HttpResponse<String> again = post(key, "/embeddings", body.replace("}", ",\"user\":\"u1\"}"));
        HttpResponse<String> otherDims = post(key, "/embeddings", body.replace("\"dimensions\":3", "\"dimensions\":2"));
        HttpResponse<String> otherInput = post(key, "/embeddings", body.replace("hello world", "hello there"));

        assertThat(cache(first)).isEqualTo("miss");
        assertThat(cache(again)).isEqualTo("hit");
        assertThat(Json.parse(again.body())).isEqualTo(Json.parse(first.body()));
        assertThat(cache(otherDims)).isEqualTo("miss");
        assertThat(cache(otherInput)).isEqualTo("miss");
        assertThat(calls()).hasSize(3);
    }

    @Test
    void aGroupCanEmbedThroughAnEmbeddingsModelOfTheGatewayItself() throws Exception {
        // The fake upstream answers every embedding with one fixed vector: any two questions are
        // then a perfect match, which only the meaning check of this test (numbers) can refuse.
        upstream.onPath("/v1/embeddings", FakeUpstream.json(200, Fixtures.text("openai/embeddings.json")));
        answerHello();
        String body = chat("What is the weather like in Paris?").replace("gpt-4o-mini", "via-gateway");
        assertThat(cache(post(key, "/chat/completions", body))).isEqualTo("miss");
        HttpResponse<String> other = post(key, "/chat/completions", body.replace("Paris", "Rome"));
        assertThat(cache(other)).isEqualTo("semantic-hit");
        assertThat(other.headers().firstValue("x-gatehouse-cache-similarity")).contains("1.0000");
        assertThat(cache(post(key, "/chat/completions", body.replace("Paris", "Paris in 2027"))))
                .isEqualTo("miss");
        assertThat(upstream.received("/v1/embeddings")).hasSize(3);
        assertThat(calls().stream().filter(r -> r.path().equals("/v1/chat/completions")))
                .hasSize(2);
    }

    @Test
    void aModelGroupCanTurnTheCacheOff() throws Exception {
        answerHello();
        String body = chat("hi").replace("gpt-4o-mini", "uncached");
        assertThat(cache(post(key, "/chat/completions", body))).isEqualTo("(none)");
        assertThat(cache(post(key, "/chat/completions", body))).isEqualTo("(none)");
        assertThat(calls()).hasSize(2);
    }

    @Test
    void aHitCountsAgainstRequestsPerMinuteButNotAgainstTheBudget() throws Exception {
        answerHello();
        // Each answer costs 21 tokens at $1,000 a million: $0.021. Twenty charged hits would pass the budget.
        String limited = newKey("{\"team_id\":\"red\",\"rpm_limit\":30,\"max_budget\":0.1}");
        ask(limited, "What is the capital of France?");
        HttpResponse<String> last = null;
        for (int i = 0; i < 20; i++) {
            last = ask(limited, "What is the capital of France?");
            assertThat(cache(last)).isEqualTo("hit");
        }
        assertThat(last.headers().firstValue("x-ratelimit-remaining-requests")).contains("9");
        HttpResponse<String> fresh = ask(limited, "Something else entirely?");
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(cache(fresh)).isEqualTo("miss");
        for (int i = 0; i < 8; i++) {
            ask(limited, "What is the capital of France?");
        }
        HttpResponse<String> over = ask(limited, "What is the capital of France?");
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(Json.parse(over.body()).path("error").path("code").asText()).contains("rpm");
        assertThat(calls()).hasSize(2);
    }

    @Test
    void theUsageRecordOfAHitCostsNothingAndCarriesWhatItSaved() throws Exception {
        answerHello();
        UsageRecord miss = record(ask(key, "What is the capital of France?"));
        UsageRecord hit = record(ask(key, "What is the capital of France?"));
        UsageRecord semantic = record(ask(key, "What is the capital of France? please"));
        UsageRecord bypass = record(ask(key, "What is the capital of France?", "cache-control", "no-store"));

        assertThat(miss.cache()).isEqualTo("miss");
        assertThat(miss.costUsd()).isEqualTo(0.021, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(miss.savedUsd()).isNull();
        assertThat(hit.cache()).isEqualTo("exact");
        assertThat(hit.costUsd()).isZero();
        assertThat(hit.savedUsd()).isEqualTo(miss.costUsd());
        assertThat(hit.attempts()).isZero();
        assertThat(semantic.cache()).isEqualTo("semantic");
        assertThat(semantic.savedUsd()).isEqualTo(miss.costUsd());
        assertThat(bypass.cache()).isEqualTo("bypass");

        JsonNode status = admin.call("GET", "/admin/v1/cache", "").body();
        assertThat(status.path("entries").asLong()).isEqualTo(1);
        assertThat(status.path("exact_hits").asLong()).isEqualTo(1);
        assertThat(status.path("semantic_hits").asLong()).isEqualTo(1);
        assertThat(status.path("misses").asLong()).isEqualTo(1);
        assertThat(status.path("hit_rate").asDouble()).isEqualTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(status.path("saved_usd").asDouble()).isEqualTo(0.042, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(admin.call("GET", "/admin/v1/cache", "", key).status()).isEqualTo(403);

        // The usage report groups by cache outcome and sums what the hits saved.
        JsonNode report =
                admin.call("GET", "/admin/v1/usage?group_by=cache", "").body();
        java.util.Map<String, JsonNode> byCache = new java.util.HashMap<>();
        report.path("data").forEach(row -> byCache.put(row.path("cache").asText(), row));
        assertThat(byCache.keySet()).contains("miss", "exact", "semantic", "bypass");
        assertThat(byCache.get("exact").path("saved_usd").asDouble()).isEqualTo(0.021);
        assertThat(byCache.get("exact").path("cost_usd").asDouble()).isZero();
        assertThat(byCache.get("miss").path("saved_usd").asDouble()).isZero();
        assertThat(admin.call("GET", "/admin/v1/usage", "")
                        .body()
                        .path("data")
                        .get(0)
                        .path("saved_usd")
                        .asDouble())
                .isEqualTo(0.042);
    }

    @Test
    void deletingByModelOrTeamRemovesOnlyThoseEntries() throws Exception {
        answerHello();
        String blue = newKey("{\"team_id\":\"blue\"}");
        ask(key, "What is the capital of France?");
        ask(blue, "What is the capital of France?");
        assertThat(admin.call("DELETE", "/admin/v1/cache?model=other", "")
                        .body()
                        .path("deleted")
                        .asLong())
                .isZero();
        assertThat(admin.call("DELETE", "/admin/v1/cache?team=blue", "")
                        .body()
                        .path("deleted")
                        .asLong())
                .isEqualTo(1);
        assertThat(cache(ask(blue, "What is the capital of France?"))).isEqualTo("miss");
        assertThat(cache(ask(key, "What is the capital of France?"))).isEqualTo("hit");
        assertThat(admin.call("DELETE", "/admin/v1/cache?colour=red", "").status())
                .isEqualTo(400);
        assertThat(admin.call("DELETE", "/admin/v1/cache", "")
                        .body()
                        .path("deleted")
                        .asLong())
                .isEqualTo(2);
    }
}
