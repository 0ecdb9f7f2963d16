package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.store.Database;
import dev.gatehouse.testing.TestServices;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit logs' heads in the usage store, on SQLite and PostgreSQL: one per chain, moved forward only. */
class JdbcAuditAnchorsTest {

    @TempDir
    Path dir;

    private static void keepsOneHeadPerChainMovingForwardOnly(Database db) {
        AuditAnchors anchors = new JdbcAuditAnchors(db.dataSource());
        assertThat(anchors.find("chain-a")).isNull();
        anchors.save(new AuditHead("chain-a", 5, "h5"));
        anchors.save(new AuditHead("chain-b", 2, "b2"));
        anchors.save(new AuditHead("chain-a", 9, "h9"));
        // A late save from before (another thread, an older process) does not move it back.
        anchors.save(new AuditHead("chain-a", 7, "h7"));
        assertThat(anchors.find("chain-a")).isEqualTo(new AuditHead("chain-a", 9, "h9"));
        assertThat(anchors.find("chain-b")).isEqualTo(new AuditHead("chain-b", 2, "b2"));
    }

    @Test
    void onSqlite() {
        try (Database db = Database.open(
                new StoreSettings(StoreSettings.Kind.SQLITE, dir.resolve("g.db").toString(), null, null, null, 2))) {
            keepsOneHeadPerChainMovingForwardOnly(db);
        }
    }

    @Test
    void onPostgres() {
        try (Database db = Database.open(
                new StoreSettings(StoreSettings.Kind.POSTGRES, null, TestServices.postgresSchema(), null, null, 2))) {
            keepsOneHeadPerChainMovingForwardOnly(db);
        }
    }
}
