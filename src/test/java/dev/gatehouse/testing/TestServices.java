package dev.gatehouse.testing;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.StateSettings;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL and Redis servers tests run against (127.0.0.1:5432 and :6379, or
 * {@code GATEHOUSE_TEST_PG_URL} / {@code GATEHOUSE_TEST_REDIS_URL}). When one is missing, the test
 * is skipped with a message naming it; under {@code CI=true} a missing service fails the test
 * instead, so CI never passes by skipping. What a test makes on them is named after this JVM's
 * {@link TestRun} and removed when the run ends ({@link TestRunCleanup}).
 */
public final class TestServices {

    private static final AtomicLong NEXT = new AtomicLong();
    private static final Set<String> POSTGRES_USED = ConcurrentHashMap.newKeySet();
    private static final Set<String> REDIS_USED = ConcurrentHashMap.newKeySet();

    private TestServices() {}

    /**
     * A JDBC URL for a fresh, empty schema of its own in the test PostgreSQL database. The schema
     * is named after this {@link TestRun} and dropped when the run ends.
     */
    public static String postgresSchema() {
        return postgresSchema(TestRun.current());
    }

    static String postgresSchema(TestRun run) {
        String base = postgresBase();
        String schema = run.id() + "_" + NEXT.incrementAndGet();
        POSTGRES_USED.add(base);
        try (Connection c = DriverManager.getConnection(base);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (Exception e) {
            missing("PostgreSQL at " + base + " (" + e.getMessage() + ")");
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static String postgresBase() {
        return System.getenv()
                .getOrDefault("GATEHOUSE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
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

    /**
     * The URL of the test Redis server, after checking it answers. A gateway started by {@link
     * TestGateway} or {@link GatewayProcess} keeps its keys under this run's namespace; a test that
     * builds a Redis-backed store itself gives it {@link #redisKeyPrefix()}.
     */
    public static String redis() {
        String url = redisUrl();
        URI uri = URI.create(url);
        REDIS_USED.add(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 1000);
        } catch (Exception e) {
            missing("Redis at " + url + " (" + e.getMessage() + ")");
        }
        return url;
    }

    static String redisUrl() {
        return System.getenv().getOrDefault("GATEHOUSE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    }

    /**
     * A key prefix of its own, inside this run's namespace, for a Redis-backed store a test builds
     * itself: its keys start empty and are deleted when the run ends.
     */
    public static String redisKeyPrefix() {
        return TestRun.current().id() + ":" + NEXT.incrementAndGet() + ":";
    }

    /** The {@code state.namespace} of every gateway this run starts. */
    public static String redisNamespace() {
        return TestRun.current().id();
    }

    /**
     * {@code config} with this run's namespace when it keeps its state in Redis and names no
     * namespace itself, so the keys it makes are deleted when the run ends.
     */
    public static GatewayConfig inRunNamespace(GatewayConfig config) {
        StateSettings state = config.state();
        if (state.kind() != StateSettings.Kind.REDIS || !state.namespace().isEmpty()) {
            return config;
        }
        return config.withState(state.withNamespace(redisNamespace()));
    }

    /** The PostgreSQL servers (JDBC URLs without a schema) this run made schemas in. */
    static Set<String> postgresUsed() {
        return Set.copyOf(POSTGRES_USED);
    }

    /** The Redis servers this run asked for. */
    static Set<String> redisUsed() {
        return Set.copyOf(REDIS_USED);
    }

    static void missing(String what) {
        String message =
                "needs " + what + "; start it (see .ci/run) or set GATEHOUSE_TEST_PG_URL / GATEHOUSE_TEST_REDIS_URL";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true and the service is missing: " + message);
        }
        Assumptions.abort("skipped: " + message);
    }
}
