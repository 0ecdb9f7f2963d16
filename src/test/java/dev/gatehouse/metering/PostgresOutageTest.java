package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.store.Database;
import dev.gatehouse.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PostgreSQL store failing in the middle of load: its usage table disappears (renamed away,
 * as a botched migration or a restore would), inserts fail, records wait in the spool, and once the
 * table is back every record is there exactly once. And a record PostgreSQL refuses for its own
 * data is set aside rather than holding up every record behind it.
 */
class PostgresOutageTest {

    @TempDir
    Path dir;

    private static void sql(Database db, String statement) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.createStatement().execute(statement);
        }
    }

    @Test
    void everyRecordArrivesExactlyOnceAfterTheStoreComesBack() throws Exception {
        try (Database db = Database.open(
                new StoreSettings(StoreSettings.Kind.POSTGRES, null, TestServices.postgresSchema(), null, null, 4))) {
            UsageStore store = new JdbcUsageStore(db.dataSource(), true);
            int accepted = 0;
            try (UsageWriter writer =
                    new UsageWriter(dir.resolve("spool"), store, 200, Duration.ofMillis(20), Duration.ofMillis(200))) {
                for (; accepted < 2000; accepted++) {
                    writer.accept(UsageRecords.simple("a" + accepted, Instant.now()));
                }
                sql(db, "ALTER TABLE usage_records RENAME TO usage_records_away");
                for (int i = 0; i < 200; i++, accepted++) {
                    writer.accept(UsageRecords.simple("a" + accepted, Instant.now()));
                }
                // Those records cannot be stored while the table is away: the writer retries them, failing each time.
                await("inserts failed while the table was away")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> writer.storeFailures() >= 2);
                for (int i = 0; i < 2000; i++, accepted++) {
                    writer.accept(UsageRecords.simple("a" + accepted, Instant.now()));
                }
                sql(db, "ALTER TABLE usage_records_away RENAME TO usage_records");
                writer.flushed().get(30, TimeUnit.SECONDS);
            }
            try (Connection c = db.dataSource().getConnection();
                    ResultSet rs = c.createStatement()
                            .executeQuery(
                                    "SELECT COUNT(*), COUNT(DISTINCT request_id), (SELECT SUM(requests) FROM usage_daily) FROM usage_records")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(accepted);
                assertThat(rs.getLong(2)).isEqualTo(accepted);
                assertThat(rs.getLong(3)).isEqualTo(accepted);
            }
        }
    }

    @Test
    void aRecordPostgresRefusesIsSetAsideAndEveryOtherRecordIsStored() throws Exception {
        Path spool = dir.resolve("spool");
        try (Database db = Database.open(
                new StoreSettings(StoreSettings.Kind.POSTGRES, null, TestServices.postgresSchema(), null, null, 4))) {
            UsageStore store = new JdbcUsageStore(db.dataSource(), true);
            try (UsageWriter writer =
                    new UsageWriter(spool, store, 200, Duration.ofMillis(20), Duration.ofMillis(200))) {
                for (int i = 0; i < 300; i++) {
                    writer.accept(UsageRecords.simple("a" + i, Instant.now()));
                    if (i == 100) {
                        writer.accept(UsageRecords.of(
                                "nul-tag", Instant.now(), "k1", "gpt-4o", "openai", List.of("a\u0000b"), 1, 0, 1, 0.1));
                    }
                    if (i == 250) {
                        writer.accept(UsageRecords.of(
                                "nul-model", Instant.now(), "k1", "gpt\u0000", "openai", List.of(), 1, 0, 1, 0.1));
                    }
                }
                writer.flushed().get(30, TimeUnit.SECONDS);
                assertThat(writer.deadLetters()).isEqualTo(2);
            }
            try (Connection c = db.dataSource().getConnection();
                    ResultSet rs = c.createStatement()
                            .executeQuery(
                                    "SELECT COUNT(*), (SELECT SUM(requests) FROM usage_daily) FROM usage_records")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(300);
                assertThat(rs.getLong(2)).isEqualTo(300);
            }
            List<String> setAside = Files.readAllLines(spool.resolve("dead-letters.jsonl"));
            assertThat(setAside).hasSize(2);
            ObjectMapper json = new ObjectMapper();
            assertThat(setAside)
                    .extracting(line -> json.readTree(line)
                            .path("record")
                            .path("request_id")
                            .asText())
                    .containsExactly("nul-tag", "nul-model");
            assertThat(json.readTree(setAside.get(0))
                            .path("record")
                            .path("tags")
                            .get(0)
                            .asText())
                    .isEqualTo("a\u0000b");
            assertThat(json.readTree(setAside.get(0)).path("code").asText()).isEqualTo("22021");
            assertThat(json.readTree(setAside.get(0)).path("error").asText()).contains("0x00");

            // The spool moved past them: a restart replays nothing and sets nothing aside again.
            try (UsageWriter restarted =
                    new UsageWriter(spool, store, 200, Duration.ofMillis(20), Duration.ofMillis(200))) {
                restarted.flushed().get(30, TimeUnit.SECONDS);
                assertThat(restarted.deadLetters()).isZero();
            }
            assertThat(Files.readAllLines(spool.resolve("dead-letters.jsonl"))).hasSize(2);
        }
    }
}
