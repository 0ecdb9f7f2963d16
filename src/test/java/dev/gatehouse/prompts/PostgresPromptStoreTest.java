package dev.gatehouse.prompts;

import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.store.Database;
import dev.gatehouse.testing.TestServices;
import org.junit.jupiter.api.AfterEach;

class PostgresPromptStoreTest extends PromptStoreContract {

    private Database db;

    @Override
    protected PromptStore newStore() {
        db = Database.open(
                new StoreSettings(StoreSettings.Kind.POSTGRES, null, TestServices.postgresSchema(), null, null, 2));
        return new JdbcPromptStore(db.dataSource());
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }
}
