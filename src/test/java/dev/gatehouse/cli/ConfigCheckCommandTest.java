package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.CliRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCheckCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new GatehouseCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void acceptsAValidFile() throws Exception {
        Path file = Files.writeString(dir.resolve("ok.yaml"), """
                providers:
                  local:
                    type: openai
                    base_url: http://127.0.0.1:11434/v1
                models:
                  - name: "*"
                    provider: local
                """);

        assertThat(run("config", "check", file.toString())).isZero();
        assertThat(out.toString()).contains("ok (1 providers, 1 models, 0 keys)");
    }

    @Test
    void printsEveryProblemAndExitsNonZero() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                providers:
                  local:
                    type: nope
                models:
                  - name: gpt-4o
                    provider: missing
                surprise: true
                """);

        assertThat(run("config", "check", file.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains("3 problems")
                .contains("providers.local.type")
                .contains("models[0].provider")
                .contains("surprise: is not a known field");
    }

    @Test
    void warnsAboutAChainThatNeverLeavesOneCompany() throws Exception {
        Path file = Files.writeString(dir.resolve("fragile.yaml"), """
                providers:
                  a:
                    type: openai
                  b:
                    type: openai
                    api_key: second-account
                models:
                  - name: gpt-4o
                    deployments:
                      - provider: a
                      - provider: b
                """);

        assertThat(run("config", "check", file.toString())).isZero();
        assertThat(out.toString()).contains("warning: models[0] 'gpt-4o': its fallback chain never leaves openai.com");
    }

    @Test
    void anUnsetVariableIsOneProblemNotAlsoABadValue() throws Exception {
        Path file = Files.writeString(dir.resolve("env.yaml"), """
                server:
                  port: ${GATEHOUSE_TEST_UNSET_PORT}
                providers:
                  local:
                    type: openai
                    base_url: ${GATEHOUSE_TEST_UNSET_URL}
                    api_key: ${GATEHOUSE_TEST_UNSET_KEY}
                models:
                  - name: "*"
                    provider: local
                """);

        CliRun run = CliRun.run(dir, Map.of(), "config", "check", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .contains("3 problems")
                .contains("server.port: environment variable GATEHOUSE_TEST_UNSET_PORT is not set")
                .contains("providers.local.base_url: environment variable GATEHOUSE_TEST_UNSET_URL is not set")
                .contains("providers.local.api_key: environment variable GATEHOUSE_TEST_UNSET_KEY is not set")
                .doesNotContain("whole number")
                .doesNotContain("http:// or https://");
    }

    @Test
    void reportsAMissingFile() {
        assertThat(run("config", "check", dir.resolve("absent.yaml").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("cannot be read");
    }
}
