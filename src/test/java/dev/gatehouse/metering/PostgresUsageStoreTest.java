package dev.gatehouse.metering;

import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.store.Database;
import dev.gatehouse.testing.TestServices;
import org.junit.jupiter.api.AfterEach;

class PostgresUsageStoreTest extends UsageStoreContract {

    private Database db;

    @Override
    protected UsageStore store() {
        db = Database.open(
                new StoreSettings(StoreSettings.Kind.POSTGRES, null, TestServices.postgresSchema(), null, null, 2));
        return new JdbcUsageStore(db.dataSource(), true);
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
