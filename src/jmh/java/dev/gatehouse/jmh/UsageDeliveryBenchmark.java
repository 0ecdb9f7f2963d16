package dev.gatehouse.jmh;

import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.metering.GuardrailCheck;
import dev.gatehouse.metering.JdbcUsageStore;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the usage deliverer pays per record for one batch of 500 (issue #20): parsing the spooled
 * JSON back into records and inserting them (what it did for every record), against inserting the
 * records it kept in memory (what it does now for the records this process staged). The store is
 * SQLite in a temporary file (WAL, synchronous=NORMAL, as {@code store.Database} opens it) or the
 * test PostgreSQL in a schema of its own, dropped at the end. Each batch has fresh request ids, so
 * every row is a real insert with its tags and rollups.
 *
 * <pre>
 * ./mvnw -Pjmh test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath org.openjdk.jmh.Main UsageDeliveryBenchmark"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class UsageDeliveryBenchmark {

    private static final int BATCH = 500;
    private static final String PG_BASE = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @Param({"sqlite", "postgres"})
    public String store;

    private Path dir;
    private String schema;
    private Database db;
    private JdbcUsageStore usage;
    private long next;
    private List<UsageRecord> records;
    private List<byte[]> spooled;

    @Setup
    public void open() throws Exception {
        dir = Files.createTempDirectory("usage-delivery-bench");
        if (store.equals("postgres")) {
            schema = "bench_usage_" + ProcessHandle.current().pid();
            try (Connection c = DriverManager.getConnection(PG_BASE);
                    Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            db = Database.open(new StoreSettings(
                    StoreSettings.Kind.POSTGRES, null, PG_BASE + "&currentSchema=" + schema, null, null, 2));
        } else {
            db = Database.open(new StoreSettings(
                    StoreSettings.Kind.SQLITE, dir.resolve("usage.db").toString(), null, null, null, 2));
        }
        usage = new JdbcUsageStore(db.dataSource(), store.equals("postgres"));
    }

    /** A fresh batch, serialized as the event loop does; not measured. */
    @Setup(Level.Invocation)
    public void batch() {
        records = new ArrayList<>(BATCH);
        spooled = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            UsageRecord r = record(next++);
            records.add(r);
            spooled.add(r.toJson());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int parseAndInsert() throws IOException {
        List<UsageRecord> parsed = new ArrayList<>(BATCH);
        for (byte[] json : spooled) {
            parsed.add(UsageRecord.fromJson(json));
        }
        return usage.insert(parsed);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int insertKept() {
        return usage.insert(records);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int parseOnly() throws IOException {
        int n = 0;
        for (byte[] json : spooled) {
            n += UsageRecord.fromJson(json).status();
        }
        return n;
    }

    @TearDown
    public void close() throws Exception {
        db.close();
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(PG_BASE);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A chat completion's record as the gateway writes it: tags, metadata, a guardrail decision. */
    private static UsageRecord record(long n) {
        return UsageRecord.builder()
                .requestId("req-" + n + "-" + Long.toHexString(System.nanoTime()))
                .timeMs(1_764_892_800_000L + n)
                .keyId("key-" + (n % 20))
                .userId("user-" + (n % 50))
                .teamId("team-" + (n % 5))
                .tags(List.of("feature-" + (n % 3), "checkout"))
                .metadata(Map.of("session", "s-" + (n % 100), "env", "prod"))
                .publicModel("gpt-4o-mini")
                .provider("openai")
                .deployment("openai/gpt-4o-mini")
                .inputTokens(28)
                .cachedTokens(0)
                .outputTokens(16)
                .costUsd(0.0000138)
                .latencyMs(412.7)
                .ttftMs(180.2)
                .status(200)
                .cache("miss")
                .attempts(1)
                .endpoint("/v1/chat/completions")
                .guardrails(List.of(new GuardrailCheck("pii", "input", "allow", List.of(), 0.08)))
                .build();
    }
}
