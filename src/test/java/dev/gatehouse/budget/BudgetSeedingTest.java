package dev.gatehouse.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.metering.JdbcUsageStore;
import dev.gatehouse.metering.UsageQuery;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.metering.UsageReportRow;
import dev.gatehouse.metering.UsageStore;
import dev.gatehouse.metering.UsageStoreException;
import dev.gatehouse.metering.UsageWriter;
import dev.gatehouse.store.Database;
import dev.gatehouse.testing.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The start-up seed of the memory budget ledger: after the spool replay, bounded, and never blocking
 * start-up for good. Its waits run on a manual clock: a test that needs one to run out moves it.
 */
class BudgetSeedingTest {

    private static final Instant NOW = Instant.parse("2026-11-25T23:00:00Z");
    private static final Budget DAILY =
            new Budget("key", "k1", Budget.nanos(1.00), BudgetPeriod.DAY, Budget.nanos(0.80));

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final ManualClock clock = new ManualClock(NOW);
    private final LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Database db;

    @BeforeEach
    void captureLogs() {
        captured.start();
        logs.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(captured);
    }

    @AfterEach
    void close() throws Exception {
        logs.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(captured);
        if (db != null) {
            db.close();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** A store that is down: every call fails as a store whose server went away does. */
    private static class DownStore implements UsageStore {
        @Override
        public int insert(List<UsageRecord> records) {
            throw new UsageStoreException("connection refused (store down)", null);
        }

        @Override
        public List<UsageReportRow> report(UsageQuery query) {
            throw new UsageStoreException("connection refused (store down)", null);
        }

        @Override
        public UsageRecord find(String requestId) {
            throw new UsageStoreException("connection refused (store down)", null);
        }

        @Override
        public long count() {
            throw new UsageStoreException("connection refused (store down)", null);
        }
    }

    private static UsageRecord spent(String id, double usd) {
        return StoredSpendContract.spent(id, NOW.minusSeconds(60).toString(), "k1", null, null, usd);
    }

    /** What a process that died before storing them leaves behind: records in the spool only. */
    private Path spoolLeftByACrash(UsageRecord... records) throws Exception {
        Path spool = dir.resolve("spool");
        UsageWriter previous =
                new UsageWriter(spool, new DownStore(), 500, Duration.ofMillis(20), Duration.ofMillis(50));
        CountDownLatch written = new CountDownLatch(records.length);
        for (UsageRecord r : records) {
            previous.accept(r, written::countDown);
        }
        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
        previous.close();
        return spool;
    }

    private UsageStore sqlite() {
        db = Database.open(new StoreSettings(
                StoreSettings.Kind.SQLITE, dir.resolve("usage.db").toString(), null, null, null, 2));
        return new JdbcUsageStore(db.dataSource(), false);
    }

    private Future<Void> seed(MemoryBudgetLedger ledger, UsageStore store, UsageWriter writer, Duration wait) {
        return new BudgetSeeding(vertx, wait, wait, clock).seed(ledger, List.of(DAILY), store, writer);
    }

    /** Waits until the seeding's deadline is the only timer, then lets it run out. */
    private void runOut(Duration wait) {
        await().atMost(Duration.ofSeconds(10)).until(clock::pendingDelays, delays -> delays.equals(List.of(wait)));
        clock.advance(wait);
    }

    private static long spentToday(MemoryBudgetLedger ledger) {
        return ledger.reserve(new BudgetReservation(List.of(DAILY), 0, NOW))
                .result()
                .spent()
                .get(0)
                .nanos();
    }

    private List<String> warnings() {
        return captured.list.stream()
                .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .filter(e -> e.getLoggerName().equals(BudgetSeeding.class.getName()))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /**
     * The new writer's flush interval (1 s) is long next to a read of the store (milliseconds), so
     * unless asked ({@code flushed()}) it delivers the old spool only after a seed that did not wait
     * for it has read an empty store.
     */
    @Test
    void countsWhatAPreviousProcessLeftInTheSpoolOnceItIsStored() throws Exception {
        Path spool = spoolLeftByACrash(spent("a", 0.25), spent("b", 0.50));
        UsageStore store = sqlite();
        UsageWriter writer = new UsageWriter(spool, store, 500, Duration.ofSeconds(1), Duration.ofSeconds(1));
        MemoryBudgetLedger ledger = new MemoryBudgetLedger();
        try {
            seed(ledger, store, writer, Duration.ofSeconds(10)).await(20, TimeUnit.SECONDS);
        } finally {
            writer.close();
        }

        assertThat(spentToday(ledger)).isEqualTo(750_000_000);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void startsFromZeroWithAWarningWhenTheStoreIsDown() throws Exception {
        Path spool = spoolLeftByACrash(spent("a", 0.25));
        UsageStore down = new DownStore();
        UsageWriter writer = new UsageWriter(spool, down, 500, Duration.ofMillis(20), Duration.ofMillis(50));
        MemoryBudgetLedger ledger = new MemoryBudgetLedger();
        try {
            Future<Void> seeded = seed(ledger, down, writer, Duration.ofMillis(200));
            runOut(Duration.ofMillis(200));
            seeded.await(10, TimeUnit.SECONDS);
        } finally {
            writer.close();
        }

        assertThat(spentToday(ledger)).isZero();
        assertThat(warnings()).hasSize(2);
        assertThat(warnings().get(0)).contains("spool").contains("not all in the store");
        assertThat(warnings().get(1)).contains("store down").contains("every budget starts from zero in this process");
    }

    @Test
    void aStoreThatNeverAnswersHoldsStartUpOnlyUntilTheDeadline() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        UsageStore hanging = new DownStore() {
            @Override
            public List<UsageReportRow> report(UsageQuery query) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of();
            }
        };
        MemoryBudgetLedger ledger = new MemoryBudgetLedger();
        try {
            Future<Void> seeded = seed(ledger, hanging, null, Duration.ofMillis(200));
            await().atMost(Duration.ofSeconds(10))
                    .until(clock::pendingDelays, delays -> delays.equals(List.of(Duration.ofMillis(200))));
            clock.advance(Duration.ofMillis(199));
            assertThat(seeded.isComplete()).as("still waiting for the store").isFalse();
            clock.advance(Duration.ofMillis(1));
            seeded.await(10, TimeUnit.SECONDS);
        } finally {
            never.countDown();
        }

        assertThat(spentToday(ledger)).isZero();
        assertThat(warnings()).singleElement().asString().contains("no answer within 200 ms");
    }
}
