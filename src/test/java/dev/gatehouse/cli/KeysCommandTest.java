package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.TestGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gatehouse keys ...} against a real gateway's admin API. */
class KeysCommandTest {

    private static TestGateway gateway;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

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
    void createsListsRotatesAndRevokesAKey() {
        assertThat(run(
                        "keys",
                        "create",
                        "--alias",
                        "cli",
                        "--models",
                        "gpt-4o,gpt-4o-mini",
                        "--tpm",
                        "1000",
                        "--max-budget",
                        "2.5",
                        "--budget-duration",
                        "day"))
                .as(err.toString())
                .isZero();
        JsonNode created = Json.parse(out.toString());
        String id = created.get("id").asText();
        assertThat(created.get("key").asText()).startsWith("sk-gh-");
        assertThat(created.get("tpm_limit").asLong()).isEqualTo(1000);
        assertThat(created.get("models")).hasSize(2);

        assertThat(run("keys", "list")).isZero();
        assertThat(out.toString())
                .contains(id)
                .doesNotContain(created.get("key").asText());

        assertThat(run("keys", "rotate", id)).isZero();
        assertThat(Json.parse(out.toString()).get("key").asText())
                .isNotEqualTo(created.get("key").asText());

        assertThat(run("keys", "revoke", id)).isZero();
        assertThat(Json.parse(out.toString()).get("revoked").asBoolean()).isTrue();
    }

    @Test
    void reportsTheServersErrorWithTheField() {
        assertThat(run("keys", "create", "--rpm", "-3")).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP 400").contains("(rpm_limit)");
        assertThat(run("keys", "revoke", "key-missing")).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP 404");
    }
}
