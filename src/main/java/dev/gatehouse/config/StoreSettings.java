package dev.gatehouse.config;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where keys, teams, budgets and usage are stored.
 *
 * @param kind SQLite (embedded default, one file) or PostgreSQL (shared by many gateway instances)
 * @param path the SQLite file
 * @param url the PostgreSQL JDBC URL
 * @param poolSize connections in the pool
 */
public record StoreSettings(
        Kind kind,
        String path,
        @Nullable String url,
        @Nullable String user,
        @Nullable String password,
        int poolSize) {

    public enum Kind {
        SQLITE,
        POSTGRES
    }

    /** The defaults with the SQLite file in the working directory. */
    public static StoreSettings defaults() {
        return defaults(Path.of(""));
    }

    /** The defaults with the SQLite file {@code gatehouse.db} in {@code dataDir}. */
    public static StoreSettings defaults(Path dataDir) {
        return new StoreSettings(Kind.SQLITE, dataDir.resolve("gatehouse.db").toString(), null, null, null, 4);
    }

    @Override
    public String toString() {
        return "StoreSettings[" + kind + ", " + (kind == Kind.SQLITE ? path : url) + "]";
    }
}
