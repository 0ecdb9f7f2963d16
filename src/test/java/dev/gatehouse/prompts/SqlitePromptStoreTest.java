package dev.gatehouse.prompts;

import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqlitePromptStoreTest extends PromptStoreContract {

    @TempDir
    Path dir;

    private Database db;

    @Override
    protected PromptStore newStore() {
        db = Database.open(new StoreSettings(
                StoreSettings.Kind.SQLITE, dir.resolve("prompts.db").toString(), null, null, null, 2));
        return new JdbcPromptStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }
}
