package dev.gatehouse.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.responses.Response;
import dev.gatehouse.testing.TestGateway;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches through the real server with the official OpenAI SDK on the built-in mock provider:
 * {@code /v1/responses} lines, and an input file of many megabytes read line by line.
 */
class BatchLeftoversEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private TestGateway start(String maxFileBytes, int concurrency) {
        gateway = TestGateway.start("""
                store:
                  type: sqlite
                  path: "%s"
                usage:
                  spool_dir: "%s"
                batches:
                  dir: "%s"
                  max_file_bytes: %s
                  concurrency: %d
                providers:
                  mock:
                    type: mock
                    mock:
                      latency: 0ms
                      reply_words: 3
                models:
                  - name: gpt-mock
                    provider: mock
                """.formatted(
                dir.resolve("gatehouse.db"), dir.resolve("spool"), dir.resolve("batches"), maxFileBytes, concurrency));
        return gateway;
    }

    private FileObject upload(OpenAIClient client, Path file) {
        return client.files()
                .create(FileCreateParams.builder()
                        .file(file)
                        .purpose(FilePurpose.BATCH)
                        .build());
    }

    private Path write(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static String responsesLine(String customId, String body) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":" + body
                + "}";
    }

    private static Batch run(OpenAIClient client, String fileId, BatchCreateParams.Endpoint endpoint) {
        Batch created = client.batches()
                .create(BatchCreateParams.builder()
                        .inputFileId(fileId)
                        .endpoint(endpoint)
                        .completionWindow(BatchCreateParams.CompletionWindow._24H)
                        .build());
        return await("batch " + created.id() + " completed")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> client.batches().retrieve(created.id()),
                        b -> b.status().equals(Batch.Status.COMPLETED));
    }

    /** Reads a result file line by line, as a client would a large one. */
    private static List<JsonNode> lines(OpenAIClient client, String fileId) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (var response = client.files().content(fileId);
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String text;
            while ((text = reader.readLine()) != null) {
                if (!text.isBlank()) {
                    out.add(JSON.readTree(text));
                }
            }
        }
        return out;
    }

    @Test
    void responsesLinesAreValidatedAndRunLikeTheResponsesEndpoint() throws Exception {
        OpenAIClient client = start("10MB", 2).client();
        Path bad = write(
                "bad.jsonl",
                List.of(
                        responsesLine("a", "{\"model\":\"gpt-mock\",\"input\":\"hi\"}"),
                        responsesLine("b", "{\"model\":\"gpt-mock\",\"input\":\"hi\",\"temperature\":7}")));
        assertThatThrownBy(() -> upload(client, bad))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Line 2 of the file")
                .hasMessageContaining("temperature");

        Path good = write(
                "good.jsonl",
                List.of(
                        responsesLine(
                                "kept", "{\"model\":\"gpt-mock\",\"input\":\"hello\",\"instructions\":\"be brief\"}"),
                        responsesLine("unkept", "{\"model\":\"gpt-mock\",\"input\":\"hello\",\"store\":false}"),
                        responsesLine("unknown-model", "{\"model\":\"no-such-model\",\"input\":\"hello\"}")));
        Batch done = run(client, upload(client, good).id(), BatchCreateParams.Endpoint.V1_RESPONSES);

        assertThat(done.endpoint()).isEqualTo("/v1/responses");
        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(2);
        assertThat(done.requestCounts().orElseThrow().failed()).isEqualTo(1);
        List<JsonNode> output = lines(client, done.outputFileId().orElseThrow());
        assertThat(output).extracting(l -> l.get("custom_id").asText()).containsExactly("kept", "unkept");
        for (JsonNode line : output) {
            JsonNode body = line.at("/response/body");
            assertThat(line.at("/response/status_code").asInt()).isEqualTo(200);
            assertThat(body.get("object").asText()).isEqualTo("response");
            assertThat(body.get("id").asText()).startsWith("resp");
            assertThat(body.get("status").asText()).isEqualTo("completed");
            assertThat(body.at("/output/0/content/0/text").asText()).isNotBlank();
            assertThat(body.at("/usage/input_tokens").asInt()).isPositive();
        }
        // Kept as the endpoint keeps responses: a later call can fetch or continue it.
        String keptId = output.get(0).at("/response/body/id").asText();
        Response kept = client.responses().retrieve(keptId);
        assertThat(kept.id()).isEqualTo(keptId);
        assertThat(kept.instructions()).isPresent();
        String unkeptId = output.get(1).at("/response/body/id").asText();
        assertThatThrownBy(() -> client.responses().retrieve(unkeptId))
                .isInstanceOf(com.openai.errors.NotFoundException.class);
        JsonNode error = lines(client, done.errorFileId().orElseThrow()).get(0);
        assertThat(error.get("custom_id").asText()).isEqualTo("unknown-model");
        assertThat(error.at("/response/status_code").asInt()).isEqualTo(404);
    }

    /**
     * About 12 MB of input (1,200 lines, every 20th of 200 kB), many times the runner's read-ahead:
     * the upload is validated and the lines run while reading the file a few hundred lines at a time.
     */
    @Test
    void aManyMegabyteInputFileIsUploadedAndRun() throws Exception {
        OpenAIClient client = start("64MB", 8).client();
        Path big = dir.resolve("big.jsonl");
        String padding = "word ".repeat(40_000);
        int count = 1_200;
        try (Writer out = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= count; i++) {
                String text = i % 20 == 0 ? padding : "line " + i;
                out.write("{\"custom_id\":\"req-" + i + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                        + "\"body\":{\"model\":\"gpt-mock\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"" + text + "\"}]}}\n");
            }
        }
        assertThat(Files.size(big)).isGreaterThan(12_000_000L);

        FileObject input = upload(client, big);
        Batch done = run(client, input.id(), BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS);

        assertThat(input.bytes()).isEqualTo(Files.size(big));
        assertThat(done.requestCounts().orElseThrow().total()).isEqualTo(count);
        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(count);
        List<JsonNode> output = lines(client, done.outputFileId().orElseThrow());
        assertThat(output).hasSize(count);
        assertThat(output.get(count - 1).get("custom_id").asText()).isEqualTo("req-" + count);
        assertThat(done.errorFileId()).isEmpty();
        try (var content = client.files().content(input.id())) {
            assertThat(content.body().readAllBytes()).hasSize((int) Files.size(big));
        }
    }
}
