package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.metering.JdbcUsageStore;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.store.Database;
import dev.gatehouse.testing.CliRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UsageCommandTest {

    @TempDir
    Path dir;

    private static UsageRecord record(String id, String time, String key, double cost) {
        return UsageRecord.builder()
                .requestId(id)
                .timeMs(Instant.parse(time).toEpochMilli())
                .keyId(key)
                .tags(List.of())
                .publicModel("gpt-4o")
                .provider("openai")
                .deployment("openai/gpt-4o")
                .inputTokens(100)
                .outputTokens(10)
                .costUsd(cost)
                .latencyMs(5)
                .ttftMs(1.0)
                .status(200)
                .attempts(1)
                .build();
    }

    @Test
    void printsAReportFromTheStoreTheConfigNames() throws Exception {
        Path db = dir.resolve("g.db");
        try (Database database =
                Database.open(new StoreSettings(StoreSettings.Kind.SQLITE, db.toString(), null, null, null, 1))) {
            new JdbcUsageStore(database.dataSource(), false)
                    .insert(List.of(
                            record("a", "2025-10-01T10:00:00Z", "k1", 0.25),
                            record("b", "2025-10-02T10:00:00Z", "k1", 0.5),
                            record("c", "2025-10-02T11:00:00Z", "k2", 1.0)));
        }
        Path config = dir.resolve("gatehouse.yaml");
        Files.writeString(config, "store:\n  type: sqlite\n  path: " + db + "\n");

        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new GatehouseCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute(
                "usage",
                "--config",
                config.toString(),
                "--from",
                "2025-10-02",
                "--group-by",
                "key_id",
                "--bucket",
                "day",
                "--format",
                "csv");

        assertThat(code).isZero();
        assertThat(out.toString())
                .isEqualTo(
                        "bucket,key_id,requests,input_tokens,cached_tokens,cache_write_tokens,output_tokens,reasoning_tokens,"
                                + "cost_usd,unpriced_requests,saved_usd\r\n"
                                + "2025-10-02,k1,1,100,0,0,10,0,0.5,0,0\r\n2025-10-02,k2,1,100,0,0,10,0,1,0,0\r\n");

        StringWriter table = new StringWriter();
        cli.setOut(new PrintWriter(table));
        assertThat(cli.execute("usage", "--config", config.toString())).isZero();
        assertThat(table.toString()).contains("requests").contains("1.75");
    }

    /** A SQLite store holding two records. */
    private Path storeWithTwoRecords() throws Exception {
        return storeWithTwoRecords(dir.resolve("g.db"));
    }

    private static Path storeWithTwoRecords(Path db) throws Exception {
        try (Database database =
                Database.open(new StoreSettings(StoreSettings.Kind.SQLITE, db.toString(), null, null, null, 1))) {
            new JdbcUsageStore(database.dataSource(), false)
                    .insert(List.of(
                            record("a", "2025-10-01T10:00:00Z", "k1", 0.25),
                            record("b", "2025-10-02T10:00:00Z", "k2", 0.5)));
        }
        return db;
    }

    @Test
    void csvRedirectedToAFileHoldsTheReportAndNoLogLines() throws Exception {
        Path config = Files.writeString(
                dir.resolve("gatehouse.yaml"), "store:\n  type: sqlite\n  path: " + storeWithTwoRecords() + "\n");

        CliRun run = CliRun.run(
                dir, Map.of(), "usage", "--config", config.toString(), "--group-by", "key_id", "--format", "csv");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .isEqualTo(
                        "key_id,requests,input_tokens,cached_tokens,cache_write_tokens,output_tokens,reasoning_tokens,"
                                + "cost_usd,unpriced_requests,saved_usd\r\n"
                                + "k1,1,100,0,0,10,0,0.25,0,0\r\nk2,1,100,0,0,10,0,0.5,0,0\r\n");
    }

    @Test
    void aReportNeedsNoProviderSecretsButStillChecksTheStoreSection() throws Exception {
        Path config = Files.writeString(dir.resolve("gatehouse.yaml"), """
                store:
                  type: sqlite
                  path: %s
                providers:
                  openai:
                    type: openai
                    api_key: ${GATEHOUSE_TEST_UNSET_OPENAI_SECRET}
                models:
                  - name: "*"
                    provider: openai
                """.formatted(storeWithTwoRecords()));

        CliRun report = CliRun.run(dir, Map.of(), "usage", "--config", config.toString(), "--format", "json");
        assertThat(report.exitCode()).as(report.stderr()).isZero();
        assertThat(report.stderr()).doesNotContain("GATEHOUSE_TEST_UNSET_OPENAI_SECRET");

        Files.writeString(
                config, "store:\n  type: sqlite\n  path: ${GATEHOUSE_TEST_UNSET_STORE_PATH}\n  colour: blue\n");
        CliRun broken = CliRun.run(dir, Map.of(), "usage", "--config", config.toString());
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.stderr())
                .contains("store.path: environment variable GATEHOUSE_TEST_UNSET_STORE_PATH is not set")
                .contains("store.colour: is not a known field");
    }

    @Test
    void withoutAConfigTheReportReadsTheStoreInTheDataDirectory() throws Exception {
        Files.createDirectories(dir.resolve("gatehouse-data"));
        storeWithTwoRecords(dir.resolve("gatehouse-data/gatehouse.db"));

        CliRun report = CliRun.run(dir, Map.of(), "usage", "--format", "csv");
        CliRun elsewhere = CliRun.run(
                dir,
                Map.of(),
                "usage",
                "--data-dir",
                dir.resolve("nothing-here").toString());

        assertThat(report.exitCode()).as(report.stderr()).isZero();
        assertThat(report.stdout()).endsWith("\r\n2,200,0,0,20,0,0.75,0,0\r\n");
        assertThat(elsewhere.exitCode()).isEqualTo(1);
        assertThat(elsewhere.stderr()).contains("no usage store at " + dir.resolve("nothing-here/gatehouse.db"));
        assertThat(dir.resolve("nothing-here")).doesNotExist();
    }

    @Test
    void rejectsABadParameterWithExitCode2() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new GatehouseCommand());
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("usage", "--bucket", "week")).isEqualTo(2);
        assertThat(err.toString()).contains("bucket");
    }
}
