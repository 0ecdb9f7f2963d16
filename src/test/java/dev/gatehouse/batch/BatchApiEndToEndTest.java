package dev.gatehouse.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Files and Batch API through the real server with the official OpenAI SDK as the client,
 * against a fake OpenAI upstream, on each store ({@link SqliteBatchApiEndToEndTest},
 * {@link PostgresBatchApiEndToEndTest}).
 */
abstract class BatchApiEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The deployment listed second but priced lower: batch lines go here. */
    final FakeUpstream cheap = new FakeUpstream();
    /** Listed first in the group (the fallback strategy's pick for interactive traffic). */
    final FakeUpstream dear = new FakeUpstream();

    private final List<TestGateway> gateways = new ArrayList<>();
    private @Nullable String storeSection;

    /** The {@code store:} section (and any other) this store's gateways start with; the same for a restart. */
    abstract String storeSection(Path dir);

    @AfterEach
    void stop() {
        gateways.forEach(TestGateway::close);
        cheap.close();
        dear.close();
    }

    private String yaml(int concurrency) {
        if (storeSection == null) {
            storeSection = storeSection(dir);
        }
        return TestGateway.SINGLE_ATTEMPT
                + storeSection
                + """
                batches:
                  dir: "%s"
                  concurrency: %d
                providers:
                  dear:
                    type: openai
                    base_url: %s
                  cheap:
                    type: openai
                    base_url: %s
                models:
                  - name: gpt-4o-mini
                    deployments:
                      - provider: dear
                        model: gpt-4o
                      - provider: cheap
                        model: gpt-4o-mini
                """.formatted(dir.resolve("batches"), concurrency, dear.baseUrl(), cheap.baseUrl());
    }

    TestGateway start(int concurrency) {
        TestGateway g = TestGateway.start(yaml(concurrency));
        gateways.add(g);
        return g;
    }

    private TestGateway start(ManualClock clock, int concurrency) {
        TestGateway g = TestGateway.start(clock, yaml(concurrency));
        gateways.add(g);
        return g;
    }

    private static FakeUpstream.Behavior ok() {
        return FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json"));
    }

    private static FakeUpstream.Behavior slowOk() {
        return new FakeUpstream.Respond(
                200, "application/json", Fixtures.text("openai/chat-hello.json"), Map.of(), Duration.ofMillis(150));
    }

    static String line(String customId) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                + "\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + customId
                + "\"}]}}";
    }

    static byte[] file(int lines) {
        StringBuilder text = new StringBuilder();
        IntStream.rangeClosed(1, lines)
                .forEach(i -> text.append(line("req-" + i)).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Uploads as applications do: a file on disk, sent with its name. */
    FileObject upload(OpenAIClient client, byte[] bytes) throws IOException {
        Path file = java.nio.file.Files.createTempFile(dir, "batch-", ".jsonl");
        java.nio.file.Files.write(file, bytes);
        return client.files()
                .create(FileCreateParams.builder()
                        .file(file)
                        .purpose(FilePurpose.BATCH)
                        .build());
    }

    static Batch create(OpenAIClient client, String fileId) {
        return client.batches()
                .create(BatchCreateParams.builder()
                        .inputFileId(fileId)
                        .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                        .completionWindow(BatchCreateParams.CompletionWindow._24H)
                        .build());
    }

    static Batch awaitStatus(OpenAIClient client, String id, Batch.Status status) {
        return await("batch " + id + " " + status)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> client.batches().retrieve(id), b -> b.status().equals(status));
    }

    static List<JsonNode> lines(OpenAIClient client, String fileId) throws IOException {
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

    /** How often the upstream was asked for each custom id (the line's message is its custom id). */
    static Map<String, Integer> callsPerCustomId(FakeUpstream upstream) {
        Map<String, Integer> calls = new HashMap<>();
        upstream.received()
                .forEach(r -> calls.merge(
                        r.body().path("messages").path(0).path("content").asText(), 1, Integer::sum));
        return calls;
    }

    private static List<String> customIds(List<JsonNode> lines) {
        return lines.stream().map(l -> l.get("custom_id").asText()).toList();
    }

    @Test
    void runsABatchOnTheCheapestDeploymentWithOutputAndErrorFiles() throws Exception {
        TestGateway g = start(1);
        cheap.then(ok())
                .then(FakeUpstream.json(400, Fixtures.text("openai/error-invalid.json")))
                .always(ok());
        OpenAIClient client = g.client();

        FileObject input = upload(client, file(3));
        Batch created = create(client, input.id());
        Batch done = awaitStatus(client, created.id(), Batch.Status.COMPLETED);

        assertThat(input.purpose()).isEqualTo(FileObject.Purpose.BATCH);
        assertThat(input.bytes()).isEqualTo(file(3).length);
        assertThat(done.requestCounts().orElseThrow().total()).isEqualTo(3);
        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(2);
        assertThat(done.requestCounts().orElseThrow().failed()).isEqualTo(1);
        assertThat(done.inProgressAt()).isPresent();
        assertThat(done.completedAt()).isPresent();
        List<JsonNode> output = lines(client, done.outputFileId().orElseThrow());
        List<JsonNode> errors = lines(client, done.errorFileId().orElseThrow());
        assertThat(customIds(output)).containsExactly("req-1", "req-3");
        assertThat(output.get(0).at("/response/status_code").asInt()).isEqualTo(200);
        assertThat(output.get(0).at("/response/body/choices/0/message/content").asText())
                .isEqualTo("Hello! How can I help you today?");
        assertThat(output.get(0).get("id").asText()).startsWith("batch_req_");
        assertThat(output.get(0).get("error").isNull()).isTrue();
        assertThat(customIds(errors)).containsExactly("req-2");
        assertThat(errors.get(0).at("/response/status_code").asInt()).isEqualTo(400);
        assertThat(errors.get(0).at("/response/body/error/message").asText()).isNotBlank();
        assertThat(callsPerCustomId(cheap)).containsOnlyKeys("req-1", "req-2", "req-3");
        assertThat(dear.received()).isEmpty();
        for (JsonNode line : output) {
            UsageRecord record = usageRecord(g, line.at("/response/request_id").asText());
            assertThat(record.metadata())
                    .containsEntry("batch_id", done.id())
                    .containsEntry("batch_custom_id", line.get("custom_id").asText());
        }
        assertThat(client.batches().list().data()).extracting(Batch::id).contains(done.id());
        assertThat(client.files().list().data())
                .extracting(FileObject::id)
                .contains(
                        input.id(),
                        done.outputFileId().orElseThrow(),
                        done.errorFileId().orElseThrow());
    }

    @Test
    void aBadLineInTheUploadIsA400NamingTheLine() {
        TestGateway g = start(1);
        byte[] bad = (line("a") + "\n"
                        + "{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                        + "\"body\":{\"model\":\"gpt-4o-mini\"}}\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] duplicate = (line("a") + "\n" + line("a") + "\n").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> upload(g.client(), bad))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Line 2 of the file")
                .hasMessageContaining("messages");
        assertThatThrownBy(() -> upload(g.client(), duplicate))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Line 2 of the file")
                .hasMessageContaining("custom_id 'a'");
        assertThat(g.client().files().list().data()).isEmpty();
    }

    @Test
    void aRestartMidBatchFinishesWithoutRunningALineTwice() throws Exception {
        cheap.always(slowOk());
        TestGateway first = start(1);
        Batch created = create(first.client(), upload(first.client(), file(12)).id());
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> first.client()
                                .batches()
                                .retrieve(created.id())
                                .requestCounts()
                                .orElseThrow()
                                .completed(),
                        n -> n >= 3);

        first.close();
        gateways.remove(first);
        int before = cheap.received().size();
        TestGateway second = start(1);
        Batch done = awaitStatus(second.client(), created.id(), Batch.Status.COMPLETED);

        assertThat(before).isLessThan(12);
        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(12);
        assertThat(callsPerCustomId(cheap))
                .hasSize(12)
                .allSatisfy((id, calls) -> assertThat(calls).as(id).isEqualTo(1));
        assertThat(customIds(lines(second.client(), done.outputFileId().orElseThrow())))
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, 12).mapToObj(i -> "req-" + i).toList());
    }

    @Test
    void cancellingLetsTheLineInFlightFinishAndRunsNoMore() throws Exception {
        cheap.always(slowOk());
        TestGateway g = start(1);
        OpenAIClient client = g.client();
        Batch created = create(client, upload(client, file(20)).id());
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> client.batches()
                                .retrieve(created.id())
                                .requestCounts()
                                .orElseThrow()
                                .completed(),
                        n -> n >= 1);

        Batch cancelling = client.batches().cancel(created.id());
        Batch cancelled = awaitStatus(client, created.id(), Batch.Status.CANCELLED);

        assertThat(cancelling.status()).isIn(Batch.Status.CANCELLING, Batch.Status.CANCELLED);
        long completed = cancelled.requestCounts().orElseThrow().completed();
        assertThat(completed).isBetween(1L, 19L);
        assertThat(cheap.received()).hasSize((int) completed);
        assertThat(cancelled.cancelledAt()).isPresent();
        assertThat(lines(client, cancelled.outputFileId().orElseThrow())).hasSize((int) completed);
    }

    @Test
    void anotherTeamsFilesAndBatchesAre404() throws Exception {
        cheap.always(ok());
        TestGateway g = start(1);
        AdminClient admin = new AdminClient(g.port(), TestGateway.MASTER_KEY);
        assertThat(admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"red\"}")
                        .status())
                .isEqualTo(201);
        assertThat(admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"blue\"}")
                        .status())
                .isEqualTo(201);
        String red1 = admin.createKey("{\"team_id\":\"red\"}").get("key").asText();
        String red2 = admin.createKey("{\"team_id\":\"red\"}").get("key").asText();
        String blue = admin.createKey("{\"team_id\":\"blue\"}").get("key").asText();
        OpenAIClient redClient = g.client(red1);
        OpenAIClient teammate = g.client(red2);
        OpenAIClient blueClient = g.client(blue);

        FileObject input = upload(redClient, file(2));
        Batch batch = create(redClient, input.id());
        awaitStatus(teammate, batch.id(), Batch.Status.COMPLETED);

        assertThat(teammate.files().retrieve(input.id()).id()).isEqualTo(input.id());
        assertThatThrownBy(() -> blueClient.files().retrieve(input.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> blueClient.files().content(input.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> blueClient.files().delete(input.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> blueClient.batches().retrieve(batch.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> blueClient.batches().cancel(batch.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> create(blueClient, input.id())).isInstanceOf(NotFoundException.class);
        assertThat(blueClient.batches().list().data()).isEmpty();
        assertThat(blueClient.files().list().data()).isEmpty();
        assertThat(redClient.files().delete(input.id()).deleted()).isTrue();
        assertThatThrownBy(() -> redClient.files().retrieve(input.id())).isInstanceOf(NotFoundException.class);
    }

    /**
     * The window ends while the gateway is down: the gateway that takes the batch over lives a day
     * later on its clock, runs nothing more, and reports the rest as expired.
     */
    @Test
    void linesNotRunWhenTheCompletionWindowEndsAreExpired() throws Exception {
        ManualClock today = new ManualClock();
        cheap.always(slowOk());
        TestGateway first = start(today, 1);
        Batch created = create(first.client(), upload(first.client(), file(6)).id());
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> first.client()
                                .batches()
                                .retrieve(created.id())
                                .requestCounts()
                                .orElseThrow()
                                .completed(),
                        n -> n >= 1);
        first.close();
        gateways.remove(first);
        int ran = callsPerCustomId(cheap).size();

        TestGateway later =
                start(new ManualClock(today.instant().plus(Duration.ofHours(24).plusMinutes(1))), 1);
        OpenAIClient client = later.client();
        Batch expired = awaitStatus(client, created.id(), Batch.Status.EXPIRED);

        assertThat(ran).isBetween(1, 5);
        assertThat(expired.requestCounts().orElseThrow().total()).isEqualTo(6);
        assertThat(expired.requestCounts().orElseThrow().completed()).isEqualTo(ran);
        assertThat(expired.requestCounts().orElseThrow().failed()).isEqualTo(6 - ran);
        assertThat(expired.expiredAt()).isPresent();
        assertThat(lines(client, expired.outputFileId().orElseThrow())).hasSize(ran);
        List<JsonNode> errors = lines(client, expired.errorFileId().orElseThrow());
        assertThat(errors)
                .hasSize(6 - ran)
                .allSatisfy(l -> assertThat(l.at("/error/code").asText()).isEqualTo("batch_expired"));
        assertThat(callsPerCustomId(cheap)).hasSize(ran);
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
}
