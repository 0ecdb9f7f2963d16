package dev.gatehouse.responsestore;

import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.store.Database;
import dev.gatehouse.testing.TestServices;
import org.junit.jupiter.api.AfterEach;

class PostgresResponseStoreTest extends ResponseStoreContract {

    private Database db;

    @Override
    protected ResponseStore store() {
        db = Database.open(
                new StoreSettings(StoreSettings.Kind.POSTGRES, null, TestServices.postgresSchema(), null, null, 2));
        return new JdbcResponseStore(db.dataSource());
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }
}
