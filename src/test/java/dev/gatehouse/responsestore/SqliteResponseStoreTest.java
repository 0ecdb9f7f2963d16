package dev.gatehouse.responsestore;

import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteResponseStoreTest extends ResponseStoreContract {

    @TempDir
    Path dir;

    private Database db;

    @Override
    protected ResponseStore store() {
        db = Database.open(new StoreSettings(
                StoreSettings.Kind.SQLITE, dir.resolve("responses.db").toString(), null, null, null, 2));
        return new JdbcResponseStore(db.dataSource());
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }
}
