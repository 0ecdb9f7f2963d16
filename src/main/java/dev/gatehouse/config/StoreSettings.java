package dev.gatehouse.config;

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
        Kind kind, String path, @Nullable String url, @Nullable String user, @Nullable String password, int poolSize) {

    public enum Kind { SQLITE, POSTGRES }

    public static StoreSettings defaults() {
        return new StoreSettings(Kind.SQLITE, "gatehouse.db", null, null, null, 4);
    }

    @Override
    public String toString() {
        return "StoreSettings[" + kind + ", " + (kind == Kind.SQLITE ? path : url) + "]";
    }
}
