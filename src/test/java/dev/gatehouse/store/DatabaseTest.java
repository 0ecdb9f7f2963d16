package dev.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.testing.TestServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both stores open and migrate to the same schema. */
class DatabaseTest {

    @TempDir
    Path dir;

    private static void assertMigrated(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM gatehouse_meta")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void opensAndMigratesSqlite() throws Exception {
        try (Database db = Database.open(
                new StoreSettings(StoreSettings.Kind.SQLITE, dir.resolve("g.db").toString(), null, null, null, 2))) {
            assertMigrated(db);
            try (Connection c = db.dataSource().getConnection();
                    ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            // FULL (2): a commit survives a power loss, so the usage spool's checkpoint, moved after
            // the commit, never points past records the store lost.
            try (Connection c = db.dataSource().getConnection();
                    ResultSet rs = c.createStatement().executeQuery("PRAGMA synchronous")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void opensAndMigratesPostgres() throws Exception {
        String url = TestServices.postgresSchema();
        try (Database db = Database.open(new StoreSettings(StoreSettings.Kind.POSTGRES, null, url, null, null, 2))) {
            assertMigrated(db);
        }
    }
}
