package dev.gatehouse.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One test run (one test JVM): its id names every PostgreSQL schema and starts every Redis key the
 * run creates, so the run can remove exactly its own at the end ({@link TestRunCleanup}) while
 * other runs share the servers. The id carries the start time, so a later run can tell the
 * leftovers of a run that crashed from those of a run still going.
 *
 * <p>Ids look like {@code gatehouse_test_1718000000_a1b2c3}: lower case, digits and underscores,
 * which is a valid unquoted PostgreSQL identifier, a valid {@code state.namespace}, and free of the
 * characters Redis' SCAN patterns treat specially.
 */
public record TestRun(long startedAtSecond, String tag) {

    private static final String ID_PREFIX = "gatehouse_test_";
    /** The id at the start of a schema name or a Redis key; group 1 is the start second. */
    private static final Pattern ID = Pattern.compile("^gatehouse_test_(\\d{1,18})_[0-9a-f]{6}(?=[_:]|$)");
    /**
     * Leftovers of a run that started longer ago are swept by any later run. Well above the time a
     * whole suite takes on a slow machine, so a run still going is never swept.
     */
    public static final Duration STALE_AFTER = Duration.ofHours(3);

    /** Started when the run's first test touches the harness, which is what its age should count from. */
    @SuppressWarnings("TimeInStaticInitializer")
    private static final TestRun CURRENT = startedAt(Instant.now());

    /** This JVM's run. */
    public static TestRun current() {
        return CURRENT;
    }

    /** A new run with a random tag, started at {@code start}. */
    public static TestRun startedAt(Instant start) {
        byte[] tag = new byte[3];
        ThreadLocalRandom.current().nextBytes(tag);
        return new TestRun(start.getEpochSecond(), HexFormat.of().formatHex(tag));
    }

    public String id() {
        return ID_PREFIX + startedAtSecond + "_" + tag;
    }

    /** The SCAN pattern of every Redis key this run made. */
    String redisPattern() {
        return id() + ":*";
    }

    /** A SCAN pattern that covers every run's keys. */
    static String anyRunRedisPattern() {
        return ID_PREFIX + "*";
    }

    /** The SQL LIKE pattern (with {@code \} as escape) of every run's schemas. */
    static String anyRunSchemaLike() {
        return ID_PREFIX.replace("_", "\\_") + "%";
    }

    /** Whether this run made {@code schemaOrKey}. */
    boolean owns(String schemaOrKey) {
        Matcher m = ID.matcher(schemaOrKey);
        return m.lookingAt() && m.group().equals(id());
    }

    /**
     * Whether {@code schemaOrKey} was made by another run that started more than {@link #STALE_AFTER}
     * before {@code now}; false for any name that is not a test run's.
     */
    boolean isStaleLeftover(String schemaOrKey, Instant now) {
        Matcher m = ID.matcher(schemaOrKey);
        if (!m.lookingAt() || m.group().equals(id())) {
            return false;
        }
        return Instant.ofEpochSecond(Long.parseLong(m.group(1)))
                .plus(STALE_AFTER)
                .isBefore(now);
    }
}
