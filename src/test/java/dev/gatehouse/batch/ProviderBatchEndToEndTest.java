package dev.gatehouse.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.testing.FakeBatchProvider;
import dev.gatehouse.testing.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches whose lines route to a deployment with {@code batch_api}: through the real server with the
 * official OpenAI SDK as the client, against a fake provider that speaks OpenAI's Batch API and
 * Anthropic's Message Batches API.
 */
class ProviderBatchEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** chat-hello and message-hello both report 12 input and 9 output tokens: 12 × $1 + 9 × $2 per million, halved. */
    private static final double HALF_PRICE = (12 * 1.0 + 9 * 2.0) / 1e6 / 2;

    @TempDir
    Path dir;

    private final FakeBatchProvider provider = new FakeBatchProvider();
    private final List<TestGateway> gateways = new ArrayList<>();

    @AfterEach
    void stop() {
        gateways.forEach(TestGateway::close);
        provider.close();
    }

    private TestGateway start() {
        TestGateway g = TestGateway.start(TestGateway.SINGLE_ATTEMPT
                + """
                store:
                  type: sqlite
                  path: "%s"
                usage:
                  spool_dir: "%s"
                batches:
                  dir: "%s"
                  concurrency: 1
                providers:
                  oai: {type: openai, base_url: "%s", api_key: sk-test}
                  ant: {type: anthropic, base_url: "%s", api_key: sk-ant-test}
                models:
                  - name: gpt-4o-mini
                    deployments:
                      - provider: oai
                        model: gpt-4o-mini-2024-07-18
                        prices: {input: 1.0, output: 2.0}
                        batch_api: true
                        batch_poll_interval: 100ms
                  - name: claude
                    deployments:
                      - provider: ant
                        model: claude-sonnet-4-20250514
                        prices: {input: 1.0, output: 2.0}
                        batch_api: true
                        batch_poll_interval: 100ms
                """.formatted(
                                dir.resolve("gatehouse.db"),
                                dir.resolve("spool"),
                                dir.resolve("batches"),
                                provider.openAiBaseUrl(),
                                provider.anthropicBaseUrl()));
        gateways.add(g);
        return g;
    }

    private static String line(String customId, String model) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                + "\"body\":{\"model\":\"" + model + "\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + customId + "\"}]}}";
    }

    private Batch create(OpenAIClient client, String model, String... customIds) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String id : customIds) {
            text.append(line(id, model)).append('\n');
        }
        Path file = Files.createTempFile(dir, "batch-", ".jsonl");
        Files.writeString(file, text);
        String fileId = client.files()
                .create(FileCreateParams.builder()
                        .file(file)
                        .purpose(FilePurpose.BATCH)
                        .build())
                .id();
        return client.batches()
                .create(BatchCreateParams.builder()
                        .inputFileId(fileId)
                        .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                        .completionWindow(BatchCreateParams.CompletionWindow._24H)
                        .build());
    }

    private static Batch awaitStatus(OpenAIClient client, String id, Batch.Status status) {
        return await("batch " + id + " " + status)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> client.batches().retrieve(id), b -> b.status().equals(status));
    }

    private static List<JsonNode> lines(OpenAIClient client, String fileId) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (var response = client.files().content(fileId);
                InputStream body = response.body()) {
            for (String text : new String(body.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!text.isBlank()) {
                    out.add(JSON.readTree(text));
                }
            }
        }
        return out;
    }

    private static List<String> customIds(List<JsonNode> lines) {
        return lines.stream().map(l -> l.get("custom_id").asText()).sorted().toList();
    }

    private static UsageRecord usageRecord(TestGateway g, String requestId) {
        return await("the usage record of " + requestId)
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            g.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
                            return g.server().usage().store().find(requestId);
                        },
                        r -> r != null);
    }

    @Test
    void anOpenAiBatchGoesUpAsOneProviderBatchAndIsChargedAtHalfPrice() throws Exception {
        TestGateway g = start();
        OpenAIClient client = g.client();

        Batch done = awaitStatus(
                client,
                create(client, "gpt-4o-mini", "req-1", "req-2", "fail-3", "req-4")
                        .id(),
                Batch.Status.COMPLETED);

        assertThat(provider.singleCalls()).isZero();
        assertThat(provider.batches()).hasSize(1);
        FakeBatchProvider.Batch sent = provider.batches().get(0);
        assertThat(sent.anthropic).isFalse();
        assertThat(sent.requests).hasSize(4).allSatisfy(r -> {
            assertThat(r.at("/url").asText()).isEqualTo("/v1/chat/completions");
            assertThat(r.at("/body/model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        });
        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(3);
        assertThat(done.requestCounts().orElseThrow().failed()).isEqualTo(1);
        List<JsonNode> output = lines(client, done.outputFileId().orElseThrow());
        assertThat(customIds(output)).containsExactly("req-1", "req-2", "req-4");
        assertThat(output.get(0).at("/response/body/choices/0/message/content").asText())
                .isEqualTo("Hello! How can I help you today?");
        List<JsonNode> errors = lines(client, done.errorFileId().orElseThrow());
        assertThat(customIds(errors)).containsExactly("fail-3");
        assertThat(errors.get(0).at("/response/status_code").asInt()).isEqualTo(400);
        for (JsonNode line : output) {
            UsageRecord record = usageRecord(g, line.at("/response/request_id").asText());
            assertThat(record.metadata())
                    .containsEntry("batch_id", done.id())
                    .containsEntry("batch_custom_id", line.get("custom_id").asText());
            assertThat(record.inputTokens()).isEqualTo(12);
            assertThat(record.outputTokens()).isEqualTo(9);
            assertThat(record.costUsd()).isCloseTo(HALF_PRICE, within(1e-12));
            assertThat(record.deployment()).isNotNull();
        }
    }

    @Test
    void anAnthropicBatchGoesThroughMessageBatchesAndComesBackAsChatCompletions() throws Exception {
        TestGateway g = start();
        OpenAIClient client = g.client();

        Batch done = awaitStatus(
                client, create(client, "claude", "a-1", "a-2", "fail-a-3").id(), Batch.Status.COMPLETED);

        assertThat(provider.singleCalls()).isZero();
        assertThat(provider.batches()).hasSize(1);
        FakeBatchProvider.Batch sent = provider.batches().get(0);
        assertThat(sent.anthropic).isTrue();
        assertThat(sent.requests).hasSize(3).allSatisfy(r -> {
            assertThat(r.at("/params/model").asText()).isEqualTo("claude-sonnet-4-20250514");
            assertThat(r.at("/params/max_tokens").asInt()).isEqualTo(100);
        });
        List<JsonNode> output = lines(client, done.outputFileId().orElseThrow());
        assertThat(customIds(output)).containsExactly("a-1", "a-2");
        assertThat(output.get(0).at("/response/status_code").asInt()).isEqualTo(200);
        assertThat(output.get(0).at("/response/body/object").asText()).isEqualTo("chat.completion");
        assertThat(output.get(0).at("/response/body/choices/0/message/content").asText())
                .isEqualTo("Hello! How can I help you today?");
        assertThat(output.get(0).at("/response/body/usage/prompt_tokens").asInt())
                .isEqualTo(12);
        List<JsonNode> errors = lines(client, done.errorFileId().orElseThrow());
        assertThat(customIds(errors)).containsExactly("fail-a-3");
        assertThat(errors.get(0).at("/response/status_code").asInt()).isEqualTo(400);
        assertThat(errors.get(0).at("/response/body/error/message").asText()).contains("max_tokens");
        for (JsonNode line : output) {
            UsageRecord record = usageRecord(g, line.at("/response/request_id").asText());
            assertThat(record.metadata())
                    .containsEntry("batch_custom_id", line.get("custom_id").asText());
            assertThat(record.provider()).isEqualTo("ant");
            assertThat(record.costUsd()).isCloseTo(HALF_PRICE, within(1e-12));
        }
    }

    /**
     * Each line reserves its worst case (prompt plus max_tokens at list price, about $0.00021) before it
     * is submitted, and the reservations of lines waiting in the provider batch hold until they settle:
     * a $0.0005 budget lets two lines in, and the third is refused into the error file, never sent.
     */
    @Test
    void linesOverTheKeysBudgetAreRefusedBeforeSubmission() throws Exception {
        TestGateway g = start();
        String key = new AdminClient(g.port(), TestGateway.MASTER_KEY)
                .createKey("{\"max_budget\":0.0005}")
                .get("key")
                .asText();
        OpenAIClient client = g.client(key);

        Batch done = awaitStatus(
                client, create(client, "gpt-4o-mini", "b-1", "b-2", "b-3").id(), Batch.Status.COMPLETED);

        assertThat(provider.batches()).hasSize(1);
        assertThat(provider.batches().get(0).requests).hasSize(2);
        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(2);
        List<JsonNode> errors = lines(client, done.errorFileId().orElseThrow());
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).at("/response/status_code").asInt()).isEqualTo(429);
        assertThat(errors.get(0).at("/response/body/error/code").asText()).startsWith("budget_exceeded");
    }

    @Test
    void aRestartWhileTheProviderBatchRunsPollsItAgainWithoutASecondSubmission() throws Exception {
        provider.hold(true);
        TestGateway first = start();
        Batch created = create(first.client(), "gpt-4o-mini", "r-1", "r-2", "r-3");
        await().atMost(Duration.ofSeconds(20)).until(() -> provider.batches().size() == 1);

        first.close();
        gateways.remove(first);
        provider.hold(false);
        TestGateway second = start();
        Batch done = awaitStatus(second.client(), created.id(), Batch.Status.COMPLETED);

        assertThat(provider.batches()).hasSize(1);
        assertThat(provider.singleCalls()).isZero();
        assertThat(customIds(lines(second.client(), done.outputFileId().orElseThrow())))
                .containsExactly("r-1", "r-2", "r-3");
    }

    @Test
    void cancellingTheBatchCancelsTheProviderBatch() throws Exception {
        provider.hold(true);
        TestGateway g = start();
        OpenAIClient client = g.client();
        Batch created = create(client, "claude", "c-1", "c-2");
        await().atMost(Duration.ofSeconds(20)).until(() -> provider.batches().size() == 1);

        client.batches().cancel(created.id());
        Batch cancelled = awaitStatus(client, created.id(), Batch.Status.CANCELLED);

        assertThat(provider.batches().get(0).cancelRequested()).isTrue();
        assertThat(cancelled.outputFileId()).isEmpty();
        assertThat(lines(client, cancelled.errorFileId().orElseThrow()))
                .hasSize(2)
                .allSatisfy(l ->
                        assertThat(l.at("/response/body/error/code").asText()).isEqualTo("batch_cancelled"));
    }
}
