package dev.gatehouse.testing;

import java.time.Instant;
import java.util.Collection;
import java.util.function.Supplier;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * When a test run's JUnit session closes, drops the PostgreSQL schemas and deletes the Redis keys
 * the run made, however its tests ended, and sweeps what earlier runs that crashed left behind
 * ({@link TestRun#STALE_AFTER}). Registered through {@code
 * META-INF/services/org.junit.platform.launcher.LauncherSessionListener}. A run that used neither
 * server does not contact them; a cleanup that fails is reported on stderr and never fails the run.
 */
public final class TestRunCleanup implements LauncherSessionListener {

    private final TestRun run;
    private final Supplier<Collection<String>> postgresUrls;
    private final Supplier<Collection<String>> redisUrls;

    public TestRunCleanup() {
        this(TestRun.current(), TestServices::postgresUsed, TestServices::redisUsed);
    }

    TestRunCleanup(TestRun run, Supplier<Collection<String>> postgresUrls, Supplier<Collection<String>> redisUrls) {
        this.run = run;
        this.postgresUrls = postgresUrls;
        this.redisUrls = redisUrls;
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Instant now = Instant.now();
        for (String url : postgresUrls.get()) {
            try {
                PostgresLeftovers.Dropped d = PostgresLeftovers.drop(url, run, now);
                report("dropped " + d.own() + " PostgreSQL schemas of this run and " + d.stale() + " stale ones");
            } catch (Exception e) {
                report("could not drop this run's PostgreSQL schemas (" + e.getMessage() + ")");
            }
        }
        for (String url : redisUrls.get()) {
            try {
                RedisLeftovers.Deleted d = RedisLeftovers.delete(url, run, now);
                report("deleted " + d.own() + " Redis keys of this run and " + d.stale() + " stale ones");
            } catch (Exception e) {
                report("could not delete this run's Redis keys (" + e.getMessage() + ")");
            }
        }
    }

    private void report(String what) {
        System.err.println("gatehouse tests, run " + run.id() + ": " + what);
    }
}
