package dev.gatehouse.auth;

import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.store.Database;
import dev.gatehouse.testing.TestServices;
import org.junit.jupiter.api.AfterEach;

class PostgresKeyStoreTest extends KeyStoreContract {

    private Database db;

    @Override
    protected KeyStore newStore() {
        db = Database.open(
                new StoreSettings(StoreSettings.Kind.POSTGRES, null, TestServices.postgresSchema(), null, null, 2));
        return new JdbcKeyStore(db.dataSource());
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }
}
