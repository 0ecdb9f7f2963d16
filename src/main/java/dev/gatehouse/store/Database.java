package dev.gatehouse.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.config.StoreSettings;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The relational store behind keys, teams, budgets and usage: SQLite (one file, WAL mode) by
 * default, PostgreSQL at scale. Opening it runs the Flyway migrations of its dialect
 * ({@code db/migration/sqlite} or {@code db/migration/postgres} on the classpath).
 *
 * <p>Every method blocks (JDBC): call it from a worker thread ({@code executeBlocking}), never an
 * event loop. Thread-safe; the pool is HikariCP.
 */
public final class Database implements AutoCloseable {

    private final StoreSettings.Kind kind;
    private final HikariDataSource pool;

    private Database(StoreSettings.Kind kind, HikariDataSource pool) {
        this.kind = kind;
        this.pool = pool;
    }

    public static Database open(StoreSettings settings) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("gatehouse-store");
        hikari.setMaximumPoolSize(settings.poolSize());
        if (settings.kind() == StoreSettings.Kind.SQLITE) {
            // WAL lets readers run beside the one writer; busy_timeout waits out a held write lock
            // instead of failing at once (sqlite.org/wal.html, pragma.html#pragma_busy_timeout).
            // synchronous=FULL syncs the WAL at every commit: with NORMAL a power loss could undo a
            // usage batch after the spool had moved its checkpoint past it. Usage commits are one
            // per batch, so that is a sync per batch, not per request.
            hikari.setJdbcUrl(
                    "jdbc:sqlite:" + settings.path() + "?journal_mode=WAL&busy_timeout=5000&synchronous=FULL");
        } else {
            hikari.setJdbcUrl(settings.url());
            if (settings.user() != null) {
                hikari.setUsername(settings.user());
            }
            if (settings.password() != null) {
                hikari.setPassword(settings.password());
            }
        }
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration/"
                            + (settings.kind() == StoreSettings.Kind.SQLITE ? "sqlite" : "postgres"))
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(settings.kind(), pool);
    }

    public StoreSettings.Kind kind() {
        return kind;
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
