package dev.gatehouse.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Drops the schemas a test run made in the shared PostgreSQL database, and those of runs that crashed. */
final class PostgresLeftovers {

    /**
     * How schemas were named before they carried the run: {@code t} and a random hex number. They
     * have no start time in the name, so one counts as stale only when its Flyway history says the
     * gateway's first migration ran there longer than {@link TestRun#STALE_AFTER} ago.
     */
    private static final Pattern UNDATED = Pattern.compile("t[0-9a-f]{1,16}");

    private PostgresLeftovers() {}

    /** How many schemas went: this run's own, and stale ones of earlier runs. */
    record Dropped(int own, int stale) {}

    static Dropped drop(String jdbcUrl, TestRun run, Instant now) throws SQLException {
        int own = 0;
        int stale = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            try (Statement s = c.createStatement()) {
                // A schema whose tables someone still holds locked is left for a later run, not waited for.
                s.execute("SET lock_timeout = '5s'");
            }
            for (String schema : candidates(c)) {
                if (run.owns(schema)) {
                    own += dropSchema(c, schema);
                } else if (run.isStaleLeftover(schema, now)
                        || (UNDATED.matcher(schema).matches() && migratedLongAgo(c, schema))) {
                    stale += dropSchema(c, schema);
                }
            }
        }
        return new Dropped(own, stale);
    }

    private static List<String> candidates(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE ? ESCAPE '\\' OR nspname ~ ?")) {
            s.setString(1, TestRun.anyRunSchemaLike());
            s.setString(2, "^" + UNDATED.pattern() + "$");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static boolean migratedLongAgo(Connection c, String schema) throws SQLException {
        try (PreparedStatement has = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            has.setString(1, schema + ".flyway_schema_history");
            try (ResultSet rs = has.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return false;
                }
            }
        }
        // Flyway stamps installed_on with the server's local time, so the age is measured there too.
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM " + schema
                + ".flyway_schema_history WHERE script = 'V1__meta.sql'"
                + " AND installed_on < LOCALTIMESTAMP - make_interval(secs => ?)")) {
            s.setDouble(1, (double) TestRun.STALE_AFTER.toSeconds());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /** Drops {@code schema} (a name checked against the test patterns, so safe unquoted); 0 when another run got there first. */
    private static int dropSchema(Connection c, String schema) {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            return 1;
        } catch (SQLException e) {
            System.err.println("gatehouse tests: could not drop schema " + schema + " (" + e.getMessage() + ")");
            return 0;
        }
    }
}
