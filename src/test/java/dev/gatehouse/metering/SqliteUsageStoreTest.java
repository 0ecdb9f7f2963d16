package dev.gatehouse.metering;

import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteUsageStoreTest extends UsageStoreContract {

    @TempDir
    Path dir;

    private Database db;

    @Override
    protected UsageStore store() {
        db = Database.open(new StoreSettings(
                StoreSettings.Kind.SQLITE, dir.resolve("usage.db").toString(), null, null, null, 2));
        return new JdbcUsageStore(db.dataSource(), false);
    }

    @Override
    protected RequestLog requestLog() {
        return new JdbcRequestLog(db.dataSource());
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }
}
