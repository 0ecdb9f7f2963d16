package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    private Path write(boolean content, int from, int count) {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = new AuditLog(file, content)) {
            for (int i = from; i < from + count; i++) {
                log.accept(
                        UsageRecords.simple(
                                "req-" + i,
                                Instant.parse("2025-10-01T00:00:00Z").plusSeconds(i)),
                        "user: my email is a@b.com",
                        Buffer.buffer("{\"choices\":[{\"message\":{\"content\":\"call 415-555-0132\"}}]}"));
            }
        }
        return file;
    }

    private static List<String> lines(Path file) throws Exception {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    @Test
    void chainsEntriesAcrossRestartsAndVerifies() throws Exception {
        write(false, 0, 5);
        Path file = write(false, 5, 3);
        List<String> lines = lines(file);
        assertThat(lines).hasSize(8);
        assertThat(lines.get(0))
                .contains("\"seq\":1", "\"prev\":\"" + AuditChain.GENESIS + "\"")
                .doesNotContain("prompt");
        assertThat(AuditVerifier.verify(file).ok()).isTrue();
        assertThat(AuditVerifier.verify(file).entries()).isEqualTo(8);
    }

    @Test
    void keepsItsHeadOutsideTheFileSoACutOffEndShows() throws Exception {
        List<AuditHead> saved = new CopyOnWriteArrayList<>();
        AuditAnchors anchors = new AuditAnchors() {
            @Override
            public void save(AuditHead head) {
                saved.add(head);
            }

            @Override
            public AuditHead find(String chainId) {
                return saved.stream()
                        .filter(h -> h.chainId().equals(chainId))
                        .reduce((a, b) -> b)
                        .orElse(null);
            }
        };
        Path file = dir.resolve("audit.log");
        for (int run = 0; run < 2; run++) {
            try (AuditLog log = new AuditLog(file, false, anchors)) {
                for (int i = 0; i < 4; i++) {
                    log.accept(UsageRecords.simple("req-" + run + "-" + i, Instant.now()), null, null);
                }
            }
        }
        List<String> lines = lines(file);
        assertThat(lines).hasSize(8);
        String chainId = AuditVerifier.chainId(file);
        assertThat(chainId).isEqualTo(AuditChain.parse(lines.get(0)).hash());
        assertThat(saved)
                .as("one chain across the restart")
                .allMatch(h -> h.chainId().equals(chainId));
        AuditHead last = anchors.find(chainId);
        assertThat(last)
                .isEqualTo(
                        new AuditHead(chainId, 8, AuditChain.parse(lines.get(7)).hash()));
        assertThat(AuditVerifier.verify(file, last).ok()).isTrue();

        Files.write(file, lines.subList(0, 6));
        AuditVerifier.Result cut = AuditVerifier.verify(file, last);
        assertThat(AuditVerifier.verify(file).ok())
                .as("the chain alone cannot tell")
                .isTrue();
        assertThat(cut.ok()).isFalse();
        assertThat(cut.missing()).isEqualTo(2);
        assertThat(cut.entries()).isEqualTo(6);
    }

    @Test
    void keepsScrubbedContentOnlyWhenConfigured() throws Exception {
        String line = lines(write(true, 0, 1)).get(0);
        assertThat(line).contains("\"prompt\":\"user: my email is [EMAIL]\"", "\"completion\":\"call [PHONE]\"");
        assertThat(line).doesNotContain("a@b.com", "555");
    }

    @Test
    void namesTheFirstEditedEntry() throws Exception {
        Path file = write(false, 0, 5);
        List<String> lines = lines(file);
        lines.set(2, lines.get(2).replace("\"input_tokens\":10", "\"input_tokens\":1"));
        Files.write(file, lines);
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).isFalse();
        assertThat(result.line()).isEqualTo(3);
        assertThat(result.seq()).isEqualTo(3);
        assertThat(result.problem()).contains("changed");
    }

    @Test
    void detectsARemovedEntryEvenWhenTheRestAreResealed() throws Exception {
        Path file = write(false, 0, 5);
        List<String> lines = lines(file);
        lines.remove(1);
        Files.write(file, lines);
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).isFalse();
        assertThat(result.line()).isEqualTo(2);
        assertThat(result.problem()).contains("removed");
    }

    @Test
    void cutsOffATornFinalLineAtRestartAndKeepsTheChain() throws Exception {
        Path file = write(false, 0, 3);
        Files.writeString(file, "{\"seq\":4,\"time_ms\":1", StandardOpenOption.APPEND);
        write(false, 3, 2);
        assertThat(lines(file)).hasSize(5);
        assertThat(AuditVerifier.verify(file).ok()).isTrue();
    }
}
