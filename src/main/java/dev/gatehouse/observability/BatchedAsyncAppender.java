package dev.gatehouse.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Logback appender that hands events to one background thread in batches. Logback's own
 * {@code AsyncAppender} wakes its thread for every event: with an access-log line per request that
 * was a thread wake-up and a context switch per request on the event loop's core, plus a write
 * system call per line. Here the logging thread only enqueues (never blocks: a full queue drops the
 * event and counts it); the worker wakes every {@link #setFlushIntervalMillis flush interval}, or
 * early when the queue is a quarter full, passes everything queued to the attached appenders and then
 * {@linkplain BufferedStdoutAppender#flushBuffer flushes} those that buffer, so a busy second costs
 * a few dozen writes instead of one per line. A line reaches stdout at most one interval late.
 */
public final class BatchedAsyncAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {

    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    private final AtomicLong dropped = new AtomicLong();
    private int queueSize = 8192;
    private long flushIntervalMillis = 20;
    private @Nullable ArrayBlockingQueue<ILoggingEvent> queue;
    private @Nullable Thread worker;
    private volatile boolean running;

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setFlushIntervalMillis(long flushIntervalMillis) {
        this.flushIntervalMillis = flushIntervalMillis;
    }

    /** Events dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void start() {
        if (queueSize < 1 || flushIntervalMillis < 1) {
            addError("queueSize and flushIntervalMillis must be positive");
            return;
        }
        ArrayBlockingQueue<ILoggingEvent> q = new ArrayBlockingQueue<>(queueSize);
        queue = q;
        running = true;
        Thread t = new Thread(() -> drainUntilStopped(q), "gatehouse-log");
        t.setDaemon(true);
        worker = t;
        super.start();
        t.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        ArrayBlockingQueue<ILoggingEvent> q = queue;
        if (q == null) {
            return;
        }
        // Thread name, MDC and the formatted message are taken now, on the logging thread.
        event.prepareForDeferredProcessing();
        if (!q.offer(event)) {
            if (dropped.incrementAndGet() % 1000 == 1) {
                addWarn("log queue full (" + queueSize + " events): events are dropped");
            }
            return;
        }
        if (q.size() >= queueSize / 4) {
            Thread t = worker;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    private void drainUntilStopped(ArrayBlockingQueue<ILoggingEvent> q) {
        List<ILoggingEvent> batch = new ArrayList<>();
        long interval = TimeUnit.MILLISECONDS.toNanos(flushIntervalMillis);
        while (running) {
            LockSupport.parkNanos(this, interval);
            writeOut(q, batch);
        }
        writeOut(q, batch);
    }

    private void writeOut(ArrayBlockingQueue<ILoggingEvent> q, List<ILoggingEvent> batch) {
        while (q.drainTo(batch, 1024) > 0) {
            for (ILoggingEvent e : batch) {
                appenders.appendLoopOnAppenders(e);
            }
            batch.clear();
        }
        for (Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof BufferedStdoutAppender buffered) {
                buffered.flushBuffer();
            }
        }
    }

    /** Writes out what is queued, then stops the attached appenders. */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        running = false;
        Thread t = worker;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        appenders.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return appenders.iteratorForAppenders();
    }

    @Override
    public @Nullable Appender<ILoggingEvent> getAppender(String name) {
        return appenders.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return appenders.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return appenders.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return appenders.detachAppender(name);
    }
}
