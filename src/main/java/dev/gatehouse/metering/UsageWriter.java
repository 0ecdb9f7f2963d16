package dev.gatehouse.metering;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable, asynchronous usage pipeline. {@link #accept} (event loops) serializes the record and
 * copies it into the {@link StagingRing}, a file mapped into memory: from then on a crash of the
 * process cannot lose it, and the caller's {@code written} callback runs at once, on the caller's
 * thread. Two dedicated threads do the rest:
 * <ul>
 *   <li>the <em>appender</em> moves staged records into the {@link Spool} (one write per round, no
 *       fsync), every few milliseconds or as soon as the ring is a quarter full. When the ring is
 *       full it is behind: records then go through a queue instead, and their callback runs only
 *       once the appender has written them to the spool;</li>
 *   <li>the <em>deliverer</em> fsyncs the spool (once for everything appended since the last time,
 *       so the disk's latency is paid per batch, never per request), reads the unstored entries and
 *       inserts them into the {@link UsageStore} in batches, moving the spool's checkpoint only after
 *       the store committed. The records this process spooled are handed to the store as the
 *       objects it serialized ({@link SpooledRecords}); only entries without one (a previous
 *       process's, or those beyond that memory's bound) are read back and parsed. If the store fails, entries stay in the spool and delivery is retried
 *       with backoff; when it is back the backlog is replayed. At start it replays whatever a
 *       previous process left, in the ring and in the spool. When the store refuses a batch for its
 *       data instead (a value it cannot hold), the batch is tried one record at a time and the
 *       records refused again are set aside in the {@link DeadLetters}, so that one bad record
 *       never holds up the ones behind it.</li>
 * </ul>
 * The store skips request ids it already holds, so a replay after a crash between two of these
 * steps counts nothing twice.
 */
public final class UsageWriter implements UsageSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);
    private static final int QUEUE_CAPACITY = 200_000;
    // 1 MiB holds about 1,500 records: at 10,000 req/s the appender, waking every 10 ms or at a
    // quarter full, finds it about a tenth full. Every page of it counts in the resident memory.
    private static final int RING_CAPACITY = 1024 * 1024;
    private static final long APPEND_ROUND_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    // About 10 MB of records kept for the deliverer: a second of backlog at 10,000 req/s. A longer
    // store outage parses the rest back from the spool instead of growing the heap.
    private static final int KEPT_RECORDS = 10_000;

    private record Pending(UsageRecord record, byte[] json, Runnable written) {}

    private final Spool spool;
    private final StagingRing<UsageRecord> ring;
    private final SpooledRecords spooled;
    private final UsageStore store;
    private final DeadLetters deadLetters;
    private final int batchSize;
    private final long flushNanos;
    private final Duration maxBackoff;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final Semaphore appended = new Semaphore(0);
    private final Semaphore staged = new Semaphore(0);
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> flushWaiters = new ConcurrentLinkedQueue<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong storeFailures = new AtomicLong();
    private final AtomicLong parsed = new AtomicLong();
    private final AtomicLong appendedRecords = new AtomicLong();
    /** Records accepted (staged or queued), and records that left the spool (stored or set aside). */
    private final AtomicLong accepted = new AtomicLong();

    private final AtomicLong settled = new AtomicLong();
    private final Thread appender;
    private final Thread deliverer;
    private volatile boolean running = true;
    private volatile boolean appending = true;
    /**
     * The spool's end as the appender last left it, its kept records added: the deliverer reads no
     * further, so it never parses an entry whose object is about to be kept.
     */
    private volatile SpoolPosition handedOver;

    /**
     * Opens the spool in {@code spoolDir} and starts the threads.
     *
     * @param flushInterval the longest a written record waits to be fsynced and delivered, and the
     *     first retry delay after the store failed
     */
    public UsageWriter(Path spoolDir, UsageStore store, int batchSize, Duration flushInterval, Duration maxBackoff) {
        this(spoolDir, store, batchSize, flushInterval, maxBackoff, RING_CAPACITY, KEPT_RECORDS);
    }

    UsageWriter(
            Path spoolDir,
            UsageStore store,
            int batchSize,
            Duration flushInterval,
            Duration maxBackoff,
            int ringCapacity,
            int keptRecords) {
        this.spool = new Spool(spoolDir, 64L * 1024 * 1024);
        this.ring = StagingRing.open(spoolDir.resolve(StagingRing.FILE_NAME), ringCapacity);
        this.spooled = new SpooledRecords(keptRecords);
        recoverStaged();
        this.handedOver = spool.end();
        this.store = store;
        this.deadLetters = new DeadLetters(spoolDir);
        this.batchSize = batchSize;
        this.flushNanos = flushInterval.toNanos();
        this.maxBackoff = maxBackoff;
        this.appender = new Thread(this::appendLoop, "gatehouse-usage-spool");
        this.deliverer = new Thread(this::deliverLoop, "gatehouse-usage-store");
        appender.setDaemon(true);
        deliverer.setDaemon(true);
        appender.start();
        deliverer.start();
    }

    /**
     * Stages the record in the ring and runs {@code written} before returning; never blocks. When
     * the ring is full the record is queued and {@code written} runs on the appender's thread once it
     * is in the spool. A full queue as well (the disk cannot keep up) drops the record and counts it.
     */
    @Override
    public void accept(UsageRecord record, Runnable written) {
        accepted.incrementAndGet();
        byte[] json = record.toJson();
        if (ring.stage(json, record)) {
            if (ring.wantsDrain()) {
                staged.release();
            }
            written.run();
            return;
        }
        if (!queue.offer(new Pending(record, json, written))) {
            settled.incrementAndGet();
            if (dropped.incrementAndGet() % 1000 == 1) {
                LOG.error(
                        "usage queue full ({} records): the spool cannot keep up; {} records dropped so far",
                        QUEUE_CAPACITY,
                        dropped.get());
            }
            written.run();
        }
        staged.release();
    }

    /**
     * Completes when everything accepted before the call is in the store (for tests and shutdown);
     * while the store is failing it stays pending.
     */
    public CompletableFuture<Void> flushed() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        flushWaiters.add(f);
        staged.release();
        appended.release();
        return f;
    }

    public long dropped() {
        return dropped.get();
    }

    /** Records newly stored by this writer (replays of already-stored ones not counted). */
    public long stored() {
        return stored.get();
    }

    /**
     * Records this process accepted that are not in the store yet (staged, queued or spooled). A
     * previous process's spool replayed at start is not counted; while it is replayed this reads low.
     */
    public long backlog() {
        return Math.max(0, accepted.get() - settled.get());
    }

    /** Failed attempts to write a batch to the store. */
    public long storeFailures() {
        return storeFailures.get();
    }

    /** Spool entries the deliverer parsed back into records because it had no object for them. */
    long parsed() {
        return parsed.get();
    }

    /** Records the appender has put in the spool. */
    long appended() {
        return appendedRecords.get();
    }

    /** Records the store refused for their data, set aside in the dead-letter file by this writer. */
    public long deadLetters() {
        return deadLetters.count();
    }

    private void recoverStaged() {
        List<StagingRing.Staged> left = ring.recover();
        if (left.isEmpty()) {
            return;
        }
        try {
            spool.append(left.stream().map(StagingRing.Staged::payload).toList());
            ring.released(StagingRing.recovered(left));
            LOG.info("usage: {} records a previous process staged were moved to the spool", left.size());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot move staged usage records to the spool", e);
        }
    }

    private void appendLoop() {
        List<Pending> taken = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            stopping = !running;
            try {
                staged.tryAcquire(APPEND_ROUND_NANOS, TimeUnit.NANOSECONDS);
                staged.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            // The deliverer wakes for a full batch or a flush; otherwise it waits out the flush
            // interval, so its fixed costs per batch (fsync, commit, checkpoint) are shared by more
            // records when the load is light.
            if (appendRound(taken) && (backlog() >= batchSize || !flushWaiters.isEmpty())) {
                appended.release();
            }
        }
        appending = false;
        appended.release();
    }

    /** Moves what is staged and queued into the spool; whether anything moved. */
    private boolean appendRound(List<Pending> taken) {
        StagingRing.Drained<UsageRecord> drained = ring.drain();
        queue.drainTo(taken);
        if (drained.payloads().isEmpty() && taken.isEmpty()) {
            return false;
        }
        List<byte[]> payloads = new ArrayList<>(drained.payloads().size() + taken.size());
        List<UsageRecord> records = new ArrayList<>(payloads.size());
        payloads.addAll(drained.payloads());
        records.addAll(drained.origins());
        for (Pending p : taken) {
            payloads.add(p.json());
            records.add(p.record());
        }
        try {
            SpoolPosition start = spool.append(payloads);
            ring.released(drained);
            spooled.add(start, payloads, records);
            appendedRecords.addAndGet(payloads.size());
        } catch (IOException | RuntimeException e) {
            // Staged records stay in the ring for the next round; queued ones are counted lost.
            LOG.error(
                    "usage spool write failed, {} records wait in the staging ring and {} queued records are lost: {}",
                    drained.payloads().size(),
                    taken.size(),
                    e.toString());
        }
        handedOver = spool.end();
        for (Pending p : taken) {
            p.written().run();
        }
        taken.clear();
        return true;
    }

    private void deliverLoop() {
        Duration backoff = Duration.ofNanos(flushNanos);
        boolean failing = false;
        while (true) {
            long wait = failing ? backoff.toNanos() : flushNanos;
            try {
                appended.tryAcquire(wait, TimeUnit.NANOSECONDS);
                appended.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            boolean last = !appending;
            try {
                spool.force();
                deliver();
                if (failing) {
                    LOG.info("usage store is back; the spool was replayed");
                    backoff = Duration.ofNanos(flushNanos);
                    failing = false;
                }
            } catch (UsageStoreException e) {
                storeFailures.incrementAndGet();
                if (!failing) {
                    LOG.warn("usage store unavailable, records wait in the spool: {}", e.getMessage());
                }
                failing = true;
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            } catch (IOException | RuntimeException e) {
                LOG.error("usage spool read failed: {}", e.toString());
            }
            if (ring.isEmpty() && queue.isEmpty() && !spool.hasUnstored()) {
                CompletableFuture<Void> f;
                while ((f = flushWaiters.poll()) != null) {
                    f.complete(null);
                }
            }
            if (last) {
                return;
            }
        }
    }

    /**
     * Delivers the spool's unstored entries up to what the appender handed over; throws when the
     * store failed (the rest stays in the spool).
     */
    private void deliver() throws IOException {
        SpoolPosition until = handedOver;
        SpoolPosition at;
        while ((at = spool.checkpoint()).compareTo(until) < 0) {
            List<SpooledRecords.Entry> kept = spooled.from(at, batchSize);
            List<UsageRecord> records;
            SpoolPosition next;
            int entries;
            if (kept.isEmpty()) {
                Spool.Batch batch = spool.read(batchSize, spooled.firstOr(until));
                records = parse(batch);
                next = batch.next();
                entries = batch.payloads().size();
            } else {
                records = new ArrayList<>(kept.size());
                for (SpooledRecords.Entry e : kept) {
                    records.add(e.record());
                }
                next = kept.get(kept.size() - 1).end();
                entries = kept.size();
            }
            stored.addAndGet(insert(records));
            spool.commit(next);
            spooled.release(next);
            settled.addAndGet(entries);
        }
    }

    private List<UsageRecord> parse(Spool.Batch batch) {
        List<UsageRecord> records = new ArrayList<>(batch.payloads().size());
        for (byte[] payload : batch.payloads()) {
            parsed.incrementAndGet();
            try {
                records.add(UsageRecord.fromJson(payload));
            } catch (IOException e) {
                LOG.warn(
                        "usage spool: skipping an entry that is not a usage record before {}: {}",
                        batch.next(),
                        e.getMessage());
            }
        }
        return records;
    }

    /**
     * Stores a batch. When the store refuses its data, tries the records one by one and sets aside
     * those it refuses again; throws when the store fails (the batch then stays in the spool, and
     * the records already stored are skipped when it is replayed).
     */
    private int insert(List<UsageRecord> records) throws IOException {
        try {
            return store.insert(records);
        } catch (UsageStoreException e) {
            if (!e.rejected()) {
                throw e;
            }
        }
        int fresh = 0;
        for (UsageRecord record : records) {
            try {
                fresh += store.insert(List.of(record));
            } catch (UsageStoreException e) {
                if (!e.rejected()) {
                    throw e;
                }
                deadLetters.add(record, e);
            }
        }
        return fresh;
    }

    /** Stops after spooling what is queued and trying once more to deliver it. */
    @Override
    public void close() {
        // No interrupt: it would close the spool's FileChannel in mid-write (ClosedByInterruptException).
        running = false;
        try {
            appender.join(10_000);
            deliverer.join(10_000);
            spool.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing the usage spool: {}", e.toString());
        }
    }
}
