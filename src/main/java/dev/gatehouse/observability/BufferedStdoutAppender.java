package dev.gatehouse.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Logback appender writing encoded events to the process's stdout (or stderr) through a 64 KiB
 * buffer that {@link #flushBuffer} empties. {@code System.out} flushes on every write, so logback's
 * console appender costs a system call per line; behind {@link BatchedAsyncAppender}, which flushes
 * after each batch, this costs one per batch. Lines are only ever cut at the buffer's end when one
 * batch holds more than 64 KiB.
 *
 * <p>It writes to the process's file descriptor, unless {@code systemStream} is set: then into the
 * {@code System.out} stream as it is when the appender starts, so whoever replaced that stream gets
 * the lines (the test runner sets it: writing to the descriptor corrupted Surefire's channel to its
 * forked JVM and lost the gateway's log from the test reports). Not the default, because the governed
 * benchmark ran at a third of its throughput through {@code System.out} (7,524 against 2,327 req/s in
 * the same run; the cause is not understood yet).
 */
public final class BufferedStdoutAppender extends OutputStreamAppender<ILoggingEvent> {

    private static final int BUFFER = 64 * 1024;
    private String target = "System.out";

    private boolean systemStream;

    /** {@code System.out} (default) or {@code System.err}. */
    public void setTarget(String target) {
        this.target = target;
    }

    /** Write into the {@code System.out} (or {@code System.err}) stream instead of the descriptor. */
    public void setSystemStream(boolean systemStream) {
        this.systemStream = systemStream;
    }

    @Override
    public void start() {
        OutputStream stream = switch (target) {
            case "System.out" -> systemStream ? System.out : new FileOutputStream(FileDescriptor.out);
            case "System.err" -> systemStream ? System.err : new FileOutputStream(FileDescriptor.err);
            default -> null;
        };
        if (stream == null) {
            addError("target must be System.out or System.err, not " + target);
            return;
        }
        setImmediateFlush(false);
        setOutputStream(new BufferedOutputStream(stream, BUFFER));
        super.start();
    }

    /** Writes out what the buffer holds. */
    public void flushBuffer() {
        streamWriteLock.lock();
        try {
            OutputStream out = getOutputStream();
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            addError("flushing the log to " + target + " failed", e);
        } finally {
            streamWriteLock.unlock();
        }
    }

    /** Flushes; the process's stdout itself stays open. */
    @Override
    protected void closeOutputStream() {
        flushBuffer();
    }
}
