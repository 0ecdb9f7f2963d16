package dev.gatehouse.testing;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL and Redis servers tests run against (127.0.0.1:5432 and :6379, or
 * {@code GATEHOUSE_TEST_PG_URL} / {@code GATEHOUSE_TEST_REDIS_URL}). When one is missing, the test
 * is skipped with a message naming it; under {@code CI=true} a missing service fails the test
 * instead, so CI never passes by skipping.
 */
public final class TestServices {

    private TestServices() {}

    /** A JDBC URL for a fresh, empty schema of its own in the test PostgreSQL database. */
    public static String postgresSchema() {
        String base = System.getenv()
                .getOrDefault("GATEHOUSE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        String schema = "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(base);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (Exception e) {
            missing("PostgreSQL at " + base + " (" + e.getMessage() + ")");
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Drops the schema {@link #postgresSchema} made for {@code url}, with everything in it. */
    public static void dropPostgresSchema(String url) {
        String schema = url.substring(url.lastIndexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (Exception e) {
            throw new IllegalStateException("could not drop test schema " + schema, e);
        }
    }

    /** The URL of the test Redis server, after checking it answers. */
    public static String redis() {
        String url = System.getenv().getOrDefault("GATEHOUSE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 1000);
        } catch (Exception e) {
            missing("Redis at " + url + " (" + e.getMessage() + ")");
        }
        return url;
    }

    private static void missing(String what) {
        String message =
                "needs " + what + "; start it (see .ci/run) or set GATEHOUSE_TEST_PG_URL / GATEHOUSE_TEST_REDIS_URL";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true and the service is missing: " + message);
        }
        Assumptions.abort("skipped: " + message);
    }
}
