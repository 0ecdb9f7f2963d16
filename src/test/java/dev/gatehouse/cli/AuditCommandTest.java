package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The audit log written by a real gateway, verified (and caught when edited) by {@code gatehouse audit verify}. */
class AuditCommandTest {

    @TempDir
    Path dir;

    @Test
    void verifiesTheLogARunningGatewayWroteAndNamesTheFirstBadEntry() throws Exception {
        Path audit = dir.resolve("audit.log");
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
            TestGateway gateway = TestGateway.start("""
                    providers:
                      fake:
                        type: openai
                        base_url: %s
                    models:
                      - name: gpt-4.1
                        provider: fake
                    usage:
                      audit_file: %s
                      audit_content: true
                    """.formatted(upstream.baseUrl(), audit));
            for (int i = 0; i < 3; i++) {
                gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .header("content-type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"I am bob@example.com\"}]}"))
                        .build());
            }
            gateway.server().stop().await(10, TimeUnit.SECONDS);
            gateway.close();
        }
        List<String> lines = Files.readAllLines(audit, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(new ObjectMapper().readTree(lines.get(0)).path("prompt").asText())
                .isEqualTo("user: I am [EMAIL]\n");
        assertThat(String.join("\n", lines)).doesNotContain("bob@");

        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new GatehouseCommand());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("audit", "verify", audit.toString())).isZero();
        assertThat(out.toString()).contains("ok, 3 entries");

        lines.set(1, lines.get(1).replace("\"status\":200", "\"status\":201"));
        Files.write(audit, lines);
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("audit", "verify", audit.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("line 2").contains("seq 2");
    }

    @Test
    void reportsEntriesCutOffTheEndOfTheLogAgainstTheHeadTheUsageStoreKeeps() throws Exception {
        Path audit = dir.resolve("audit.log");
        Path config = dir.resolve("gatehouse.yaml");
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
            Files.writeString(config, """
                    providers:
                      fake:
                        type: openai
                        base_url: %s
                    models:
                      - name: gpt-4.1
                        provider: fake
                    store:
                      type: sqlite
                      path: "%s"
                    usage:
                      spool_dir: "%s"
                      audit_file: "%s"
                    """.formatted(
                            upstream.baseUrl(), dir.resolve("gatehouse.db"), dir.resolve("spool"), audit));
            TestGateway gateway = TestGateway.start(Files.readString(config));
            for (int i = 0; i < 12; i++) {
                gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                        .build());
            }
            gateway.close();
        }
        List<String> lines = Files.readAllLines(audit, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(12);
        CommandLine cli = new CommandLine(new GatehouseCommand());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("audit", "verify", audit.toString(), "--config", config.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("ok, 12 entries").contains("seq 12");

        // The chain of what is left is intact: only the head kept outside the file shows the cut.
        Files.write(audit, lines.subList(0, 9));
        assertThat(cli.execute("audit", "verify", audit.toString(), "--config", config.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("3 entries missing")
                .contains("seq 9")
                .contains("seq 12");
    }
}
