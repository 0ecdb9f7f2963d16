package dev.gatehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A test run leaves nothing in the shared PostgreSQL and Redis: its schemas and keys go when its
 * JUnit session closes, even after a failed test, and a later run sweeps what a crashed run left.
 * Each case works under a run of its own, so it never removes what this run's other tests made.
 */
class TestRunCleanupTest {

    @Test
    void everyTestRunCleansUpThroughTheRegisteredSessionListener() {
        List<Class<?>> registered = new ArrayList<>();
        ServiceLoader.load(LauncherSessionListener.class).forEach(l -> registered.add(l.getClass()));
        assertThat(registered).contains(TestRunCleanup.class);
    }

    @Test
    void aRunsSchemasAndKeysAreGoneWhenItsSessionClosesEvenAfterAFailedTest() throws Exception {
        String pg = TestServices.postgresBase();
        String redis = TestServices.redis();
        TestRun run = TestRun.startedAt(Instant.now());
        LauncherConfig config = LauncherConfig.builder()
                .enableLauncherSessionListenerAutoRegistration(false)
                .addLauncherSessionListeners(new TestRunCleanup(run, () -> Set.of(pg), () -> Set.of(redis)))
                .build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();

        LeavesSchemaAndKeys.run = run;
        try (LauncherSession session = LauncherFactory.openSession(config)) {
            session.getLauncher()
                    .execute(
                            LauncherDiscoveryRequestBuilder.request()
                                    .selectors(selectClass(LeavesSchemaAndKeys.class))
                                    .build(),
                            summary);

            assertThat(summary.getSummary().getTotalFailureCount())
                    .as("the child run's test failed after making its schema and keys")
                    .isEqualTo(1);
            assertThat(schemasOf(pg, run)).as("before the session closes").hasSize(1);
            assertThat(keysOf(redis, run)).as("before the session closes").isNotEmpty();
        } finally {
            LeavesSchemaAndKeys.run = null;
        }

        assertThat(schemasOf(pg, run)).isEmpty();
        assertThat(keysOf(redis, run)).isEmpty();
    }

    @Test
    void aLaterRunSweepsWhatACrashedRunLeftButNotWhatARunStillGoingMade() throws Exception {
        String pg = TestServices.postgresBase();
        String redis = TestServices.redis();
        Instant now = Instant.now();
        TestRun crashed = TestRun.startedAt(now.minus(TestRun.STALE_AFTER).minusSeconds(60));
        TestRun stillGoing = TestRun.startedAt(now.minus(TestRun.STALE_AFTER).plusSeconds(60));
        TestRun sweeper = TestRun.startedAt(now);
        for (TestRun run : List.of(crashed, stillGoing)) {
            TestServices.postgresSchema(run);
            set(redis, run.id() + ":{gh}:rl:v1:key:k1");
        }
        String oldUndated = undatedSchema(pg, 4);
        String newUndated = undatedSchema(pg, 0);
        try {
            PostgresLeftovers.Dropped dropped = PostgresLeftovers.drop(pg, sweeper, now);
            RedisLeftovers.Deleted deleted = RedisLeftovers.delete(redis, sweeper, now);

            assertThat(schemasOf(pg, crashed)).isEmpty();
            assertThat(keysOf(redis, crashed)).isEmpty();
            assertThat(schemaExists(pg, oldUndated))
                    .as("a schema named the old way, migrated hours ago")
                    .isFalse();
            assertThat(dropped.stale()).isGreaterThanOrEqualTo(2);
            assertThat(deleted.stale()).isGreaterThanOrEqualTo(1);
            assertThat(schemasOf(pg, stillGoing)).hasSize(1);
            assertThat(keysOf(redis, stillGoing)).hasSize(1);
            assertThat(schemaExists(pg, newUndated))
                    .as("a schema named the old way, migrated just now")
                    .isTrue();
        } finally {
            PostgresLeftovers.drop(pg, stillGoing, now);
            RedisLeftovers.delete(redis, stillGoing, now);
            execute(pg, "DROP SCHEMA IF EXISTS " + newUndated + " CASCADE");
        }
    }

    /** The test run in a child session: makes a schema and Redis keys the way tests do, then fails. */
    static class LeavesSchemaAndKeys {

        static volatile TestRun run;

        @Test
        void makesASchemaAndKeysThenFails() throws Exception {
            TestRun mine = run;
            Assumptions.assumeTrue(mine != null, "runs only inside the cleanup test's child session");
            String schema = TestServices.postgresSchema(mine);
            try (Connection c = DriverManager.getConnection(schema);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE leftover (id int)");
            }
            try (TestGateway gateway = TestGateway.start("""
                    providers:
                      mock:
                        type: mock
                    models:
                      - name: gpt-4o-mini
                        provider: mock
                    limits:
                      rpm_limit: 1000
                    state:
                      type: redis
                      redis_url: %s
                      namespace: %s
                    """.formatted(TestServices.redis(), mine.id()))) {
                int status = gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                                .header("content-type", "application/json")
                                .header("idempotency-key", "cleanup-test")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":"
                                        + "[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                                .build())
                        .statusCode();
                assertThat(status).isEqualTo(200);
            }
            throw new AssertionError("fails on purpose: the run must clean up anyway");
        }
    }

    private static List<String> schemasOf(String pg, TestRun run) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(pg);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT nspname FROM pg_namespace")) {
            while (rs.next()) {
                if (run.owns(rs.getString(1))) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static boolean schemaExists(String pg, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(pg);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = '" + name + "'")) {
            return rs.next() && rs.getLong(1) == 1;
        }
    }

    /** A schema named as tests named them before runs had ids, with Flyway's history as the gateway leaves it. */
    private static String undatedSchema(String pg, int migratedHoursAgo) throws Exception {
        String name = "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        execute(
                pg,
                "CREATE SCHEMA " + name,
                "CREATE TABLE " + name + ".flyway_schema_history (script text, installed_on timestamp)",
                "INSERT INTO " + name + ".flyway_schema_history VALUES ('V1__meta.sql', LOCALTIMESTAMP - interval '"
                        + migratedHoursAgo + " hours')");
        return name;
    }

    private static void execute(String pg, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(pg);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static void set(String redis, String key) throws Exception {
        withRedis(redis, r -> r.send(Request.cmd(Command.SET).arg(key).arg("1")).await(10, TimeUnit.SECONDS));
    }

    private static List<String> keysOf(String redis, TestRun run) throws Exception {
        List<String> keys = new ArrayList<>();
        withRedis(redis, r -> keys.addAll(RedisKeys.scan(r, run.id() + ":*")));
        return keys;
    }

    private interface RedisWork {
        Object on(Redis redis) throws Exception;
    }

    private static void withRedis(String url, RedisWork work) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(vertx, url);
            work.on(redis);
            redis.close();
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
