package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.TestGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gatehouse prompts ...} against a real gateway's admin API, then a request rendered from what it made. */
class PromptsCommandTest {

    private static TestGateway gateway;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(
                "providers:\n  mock:\n    type: mock\nmodels:\n  - name: gpt-4o\n    provider: mock\n");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = new CommandLine(new GatehouseCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = "http://127.0.0.1:" + gateway.port();
        all[args.length + 2] = "--admin-key";
        all[args.length + 3] = TestGateway.MASTER_KEY;
        return cli.execute(all);
    }

    @Test
    void createsVersionsLabelsShowsAndDeletesATemplate() throws Exception {
        Path first = Files.writeString(dir.resolve("greet.yaml"), """
                id: cli-greet
                version:
                  model: gpt-4o
                  messages:
                    - {role: user, content: "Greet {{name}}."}
                labels:
                  production: 1
                """);
        assertThat(run("prompts", "create", first.toString()))
                .as(err.toString())
                .isZero();
        assertThat(Json.parse(out.toString()).path("id").asText()).isEqualTo("cli-greet");

        Path second = Files.writeString(dir.resolve("v2.yaml"), """
                messages:
                  - {role: user, content: "Say hello to {{name}}."}
                """);
        assertThat(run("prompts", "add-version", "cli-greet", second.toString()))
                .as(err.toString())
                .isZero();
        assertThat(run("prompts", "label", "cli-greet", "production", "--split", "1:50,2:50"))
                .as(err.toString())
                .isZero();
        assertThat(run("prompts", "label", "cli-greet", "staging", "--version", "2"))
                .as(err.toString())
                .isZero();

        assertThat(run("prompts", "show", "cli-greet")).isZero();
        JsonNode shown = Json.parse(out.toString());
        assertThat(shown.path("versions")).hasSize(2);
        assertThat(shown.path("labels").has("staging")).isTrue();
        assertThat(run("prompts", "show", "cli-greet", "--version", "2")).isZero();
        assertThat(out.toString()).contains("Say hello to {{name}}.");
        assertThat(run("prompts", "list")).isZero();
        assertThat(out.toString()).contains("cli-greet");

        assertThat(run("prompts", "unlabel", "cli-greet", "staging"))
                .as(err.toString())
                .isZero();
        assertThat(run("prompts", "delete", "cli-greet")).as(err.toString()).isZero();
        assertThat(run("prompts", "show", "cli-greet")).isEqualTo(1);
        assertThat(err.toString()).contains("error");
    }

    @Test
    void aBadSplitOrAMissingFileIsAnErrorWithoutACall() {
        assertThat(run("prompts", "label", "x", "production", "--split", "1-50"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("VERSION:WEIGHT");
        assertThat(run("prompts", "create", dir.resolve("none.yaml").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("none.yaml");
    }
}
