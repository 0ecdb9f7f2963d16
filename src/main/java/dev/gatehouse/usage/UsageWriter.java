package dev.gatehouse.usage;

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
 * The durable, asynchronous usage pipeline. {@link #accept} (event loops) only puts the record on a
 * queue. Two dedicated threads do the rest:
 * <ul>
 *   <li>the <em>appender</em> drains the queue and writes what it took to the {@link Spool} in one
 *       write (no fsync), then reports each record as written: from then on a crash of the process
 *       cannot lose it;</li>
 *   <li>the <em>deliverer</em> fsyncs the spool (once for everything appended since the last time,
 *       so the disk's latency is paid per batch, never per request), reads the unstored entries and
 *       inserts them into the {@link UsageStore} in batches, moving the spool's checkpoint only after
 *       the store committed. If the store fails, entries stay in the spool and delivery is retried
 *       with backoff; when it is back the backlog is replayed. At start it replays whatever a
 *       previous process left.</li>
 * </ul>
 * The store skips request ids it already holds, so a replay after a crash between the store's
 * commit and the checkpoint counts nothing twice.
 */
public final class UsageWriter implements UsageSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);
    private static final int QUEUE_CAPACITY = 200_000;

    private record Pending(UsageRecord record, Runnable written) {}

    private final Spool spool;
    private final UsageStore store;
    private final int batchSize;
    private final long flushNanos;
    private final Duration maxBackoff;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final Semaphore appended = new Semaphore(0);
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> flushWaiters = new ConcurrentLinkedQueue<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong storeFailures = new AtomicLong();
    private final Thread appender;
    private final Thread deliverer;
    private volatile boolean running = true;
    private volatile boolean appending = true;

    /**
     * Opens the spool in {@code spoolDir} and starts the threads.
     *
     * @param flushInterval the longest a written record waits to be fsynced and delivered, and the
     *     first retry delay after the store failed
     */
    public UsageWriter(Path spoolDir, UsageStore store, int batchSize, Duration flushInterval, Duration maxBackoff) {
        this.spool = new Spool(spoolDir, 64L * 1024 * 1024);
        this.store = store;
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

    /** Enqueues; never blocks. A full queue (the disk cannot keep up) drops the record and counts it. */
    @Override
    public void accept(UsageRecord record, Runnable written) {
        if (!queue.offer(new Pending(record, written))) {
            if (dropped.incrementAndGet() % 1000 == 1) {
                LOG.error("usage queue full ({} records): the spool cannot keep up; {} records dropped so far",
                        QUEUE_CAPACITY, dropped.get());
            }
            written.run();
        }
    }

    /**
     * Completes when everything accepted before the call is in the store (for tests and shutdown);
     * while the store is failing it stays pending.
     */
    public CompletableFuture<Void> flushed() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        flushWaiters.add(f);
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

    /** Failed attempts to write a batch to the store. */
    public long storeFailures() {
        return storeFailures.get();
    }

    private void appendLoop() {
        List<Pending> taken = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(flushNanos, TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, batchSize * 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            List<byte[]> payloads = new ArrayList<>(taken.size());
            for (Pending p : taken) {
                payloads.add(p.record().toJson());
            }
            try {
                spool.append(payloads);
            } catch (IOException | RuntimeException e) {
                LOG.error("usage spool write failed, {} records not spooled: {}", taken.size(), e.toString());
            }
            for (Pending p : taken) {
                p.written().run();
            }
            taken.clear();
            appended.release();
        }
        appending = false;
        appended.release();
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
            if (queue.isEmpty() && !spool.hasUnstored()) {
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

    /** Delivers the spool's unstored entries; throws when the store failed (the rest stays in the spool). */
    private void deliver() throws IOException {
        while (spool.hasUnstored()) {
            Spool.Batch batch = spool.read(batchSize);
            List<UsageRecord> records = new ArrayList<>(batch.payloads().size());
            for (byte[] payload : batch.payloads()) {
                try {
                    records.add(UsageRecord.fromJson(payload));
                } catch (IOException e) {
                    LOG.warn("usage spool: skipping an entry that is not a usage record before {}: {}", batch.next(), e.getMessage());
                }
            }
            stored.addAndGet(store.insert(records));
            spool.commit(batch.next());
        }
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
