package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable pipeline: nothing lost and nothing counted twice when the store or the process fails. */
class UsageWriterTest {

    @TempDir
    Path dir;

    private Database db;
    private FailingDataSource failing;
    private UsageStore store;

    @BeforeEach
    void open() {
        db = Database.open(new StoreSettings(
                StoreSettings.Kind.SQLITE, dir.resolve("usage.db").toString(), null, null, null, 4));
        failing = new FailingDataSource(db.dataSource());
        store = new JdbcUsageStore(failing.dataSource(), false);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private UsageWriter writer() {
        return new UsageWriter(dir.resolve("spool"), store, 100, Duration.ofMillis(20), Duration.ofMillis(200));
    }

    private long distinctRequestsAndRollup() throws Exception {
        try (Connection c = db.dataSource().getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT (SELECT COUNT(DISTINCT request_id) FROM usage_records), (SELECT SUM(requests) FROM usage_daily)")) {
            rs.next();
            assertThat(rs.getLong(2)).as("rollups agree with the records").isEqualTo(rs.getLong(1));
            return rs.getLong(1);
        }
    }

    /** {@code producers} threads each accepting {@code each} records numbered from {@code from}. */
    private static void load(UsageWriter writer, int producers, int from, int each) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread t = new Thread(() -> {
                for (int i = from; i < from + each; i++) {
                    writer.accept(UsageRecords.simple("p" + producer + "-" + i, Instant.now()));
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    @Test
    void storesEveryRecordExactlyOnceWhenTheStoreFailsMidLoad() throws Exception {
        int producers = 4;
        try (UsageWriter writer = writer()) {
            load(writer, producers, 0, 500);
            failing.down.set(true);
            load(writer, producers, 500, 500);
            // The records just loaded cannot be stored: the writer retries them, failing each time.
            await("the store failed under load")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> writer.storeFailures() >= 2);
            failing.down.set(false);
            load(writer, producers, 1000, 500);
            writer.flushed().get(30, TimeUnit.SECONDS);
            assertThat(writer.dropped()).isZero();
            assertThat(distinctRequestsAndRollup()).isEqualTo(producers * 1500L);
            assertThat(store.count()).isEqualTo(producers * 1500L);
        }
    }

    @Test
    void aLightLoadIsStoredInOneBatchPerFlushIntervalNotOnePerSpoolWrite() throws Exception {
        List<Integer> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        UsageStore counting = new UsageStore() {
            @Override
            public int insert(List<UsageRecord> records) {
                if (!records.isEmpty()) {
                    batches.add(records.size());
                }
                return store.insert(records);
            }

            @Override
            public List<UsageReportRow> report(UsageQuery query) {
                return store.report(query);
            }

            @Override
            public UsageRecord find(String requestId) {
                return store.find(requestId);
            }

            @Override
            public long count() {
                return store.count();
            }
        };
        try (UsageWriter writer =
                new UsageWriter(dir.resolve("spool"), counting, 500, Duration.ofSeconds(30), Duration.ofSeconds(30))) {
            // 40 records over about 400 ms: the spool is written every 10 ms, about 40 times.
            for (int i = 0; i < 40; i++) {
                writer.accept(UsageRecords.simple("light-" + i, Instant.now()));
                TimeUnit.MILLISECONDS.sleep(10);
            }
            assertThat(batches)
                    .as("nothing delivered before the batch fills or the interval ends")
                    .isEmpty();
            writer.flushed().get(10, TimeUnit.SECONDS);
            assertThat(batches).containsExactly(40);
            assertThat(store.count()).isEqualTo(40);
        }
    }

    @Test
    void theBacklogCountsRecordsNotYetStoredAndEmptiesWhenTheStoreIsBack() throws Exception {
        try (UsageWriter writer = writer()) {
            failing.down.set(true);
            load(writer, 1, 0, 30);
            await("the store failed").atMost(Duration.ofSeconds(10)).until(() -> writer.storeFailures() >= 1);
            assertThat(writer.backlog()).isEqualTo(30);
            failing.down.set(false);
            writer.flushed().get(30, TimeUnit.SECONDS);
            assertThat(writer.backlog()).isZero();
            assertThat(store.count()).isEqualTo(30);
        }
    }

    @Test
    void keepsRecordsInTheSpoolWhileTheStoreIsDownAndReplaysThemAtTheNextStart() throws Exception {
        failing.down.set(true);
        try (UsageWriter writer = writer()) {
            for (int i = 0; i < 300; i++) {
                writer.accept(UsageRecords.simple("r" + i, Instant.now()));
            }
        }
        failing.down.set(false);
        assertThat(store.count()).as("nothing reached the store").isZero();

        try (UsageWriter restarted = writer()) {
            restarted.flushed().get(30, TimeUnit.SECONDS);
        }
        assertThat(distinctRequestsAndRollup()).isEqualTo(300);
    }

    @Test
    void aReplayOfRecordsAlreadyStoredCountsNothingTwice() throws Exception {
        try (UsageWriter writer = writer()) {
            for (int i = 0; i < 250; i++) {
                writer.accept(UsageRecords.simple("r" + i, Instant.now()));
            }
            writer.flushed().get(30, TimeUnit.SECONDS);
        }
        // A crash between the store's commit and the checkpoint: the whole spool is replayed.
        Files.deleteIfExists(dir.resolve("spool").resolve("checkpoint"));
        try (UsageWriter restarted = writer()) {
            restarted.accept(UsageRecords.simple("new", Instant.now()));
            restarted.flushed().get(30, TimeUnit.SECONDS);
            assertThat(restarted.stored()).isEqualTo(1);
        }
        assertThat(distinctRequestsAndRollup()).isEqualTo(251);
    }

    @Test
    void aStagedRecordIsReportedWrittenOnTheCallersThreadBeforeAcceptReturns() throws Exception {
        try (UsageWriter writer = writer()) {
            Thread caller = Thread.currentThread();
            List<Thread> reportedOn = new ArrayList<>();
            writer.accept(UsageRecords.simple("r1", Instant.now()), () -> reportedOn.add(Thread.currentThread()));
            assertThat(reportedOn).containsExactly(caller);
            writer.flushed().get(30, TimeUnit.SECONDS);
        }
        assertThat(distinctRequestsAndRollup()).isEqualTo(1);
    }

    @Test
    void aFullRingSendsRecordsThroughTheQueueAndLosesNone() throws Exception {
        int producers = 4;
        // A ring of 4 KiB holds about five records, so most of this load overflows to the queue.
        try (UsageWriter writer = new UsageWriter(
                dir.resolve("spool"), store, 100, Duration.ofMillis(20), Duration.ofMillis(200), 4096, 10_000)) {
            load(writer, producers, 0, 1000);
            writer.flushed().get(30, TimeUnit.SECONDS);
            assertThat(writer.dropped()).isZero();
        }
        assertThat(distinctRequestsAndRollup()).isEqualTo(producers * 1000L);
    }

    @Test
    void recordsAProcessStagedButNeverSpooledAreStoredAtTheNextStart() throws Exception {
        Path spoolDir = Files.createDirectories(dir.resolve("spool"));
        // What a process killed right after staging leaves: entries in the ring, none in the spool.
        StagingRing<UsageRecord> crashed = StagingRing.open(spoolDir.resolve(StagingRing.FILE_NAME), 4 * 1024 * 1024);
        crashed.recover();
        for (int i = 0; i < 3; i++) {
            UsageRecord staged = UsageRecords.simple("staged-" + i, Instant.now());
            assertThat(crashed.stage(staged.toJson(), staged)).isTrue();
        }

        try (UsageWriter restarted = writer()) {
            restarted.flushed().get(30, TimeUnit.SECONDS);
        }
        assertThat(distinctRequestsAndRollup()).isEqualTo(3);
        try (UsageWriter again = writer()) {
            again.flushed().get(30, TimeUnit.SECONDS);
            assertThat(again.stored())
                    .as("recovered entries are not recovered twice")
                    .isZero();
        }
    }

    @Test
    void recordsStagedByThisProcessReachTheStoreWithoutBeingParsedBack() throws Exception {
        try (UsageWriter writer = writer()) {
            load(writer, 4, 0, 250);
            writer.flushed().get(30, TimeUnit.SECONDS);
            assertThat(writer.parsed()).isZero();
        }
        assertThat(distinctRequestsAndRollup()).isEqualTo(1000);
    }

    @Test
    void aRestartParsesTheSpoolLeftBehindAndStoresEveryRecordOnce() throws Exception {
        failing.down.set(true);
        try (UsageWriter writer = writer()) {
            load(writer, 2, 0, 150);
        }
        failing.down.set(false);
        try (UsageWriter restarted = writer()) {
            restarted.accept(UsageRecords.simple("after-restart", Instant.now()));
            restarted.flushed().get(30, TimeUnit.SECONDS);
            assertThat(restarted.parsed())
                    .as("the previous process's records only")
                    .isEqualTo(300);
            assertThat(restarted.stored()).isEqualTo(301);
        }
        assertThat(distinctRequestsAndRollup()).isEqualTo(301);
    }

    @Test
    void recordsBeyondTheKeptBoundAreParsedFromTheSpoolAndNoneIsLost() throws Exception {
        try (UsageWriter writer = new UsageWriter(
                dir.resolve("spool"), store, 100, Duration.ofMillis(20), Duration.ofMillis(200), 1024 * 1024, 50)) {
            failing.down.set(true);
            load(writer, 1, 0, 300);
            await("everything spooled while the store is down")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> writer.appended() == 300);
            failing.down.set(false);
            writer.flushed().get(30, TimeUnit.SECONDS);
            assertThat(writer.parsed()).as("the 250 spooled beyond the bound").isEqualTo(250);
            load(writer, 1, 300, 40);
            writer.flushed().get(30, TimeUnit.SECONDS);
            assertThat(writer.parsed())
                    .as("records are kept again once the backlog is gone")
                    .isEqualTo(250);
            assertThat(writer.stored()).isEqualTo(340);
        }
        assertThat(distinctRequestsAndRollup()).isEqualTo(340);
    }
}
