package dev.gatehouse.auth;

import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteKeyStoreTest extends KeyStoreContract {

    @TempDir
    Path dir;

    private Database db;

    @Override
    protected KeyStore newStore() {
        db = Database.open(new StoreSettings(
                StoreSettings.Kind.SQLITE, dir.resolve("keys.db").toString(), null, null, null, 2));
        return new JdbcKeyStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }
}
