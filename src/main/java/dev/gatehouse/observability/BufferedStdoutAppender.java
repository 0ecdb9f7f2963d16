package dev.gatehouse.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Logback appender writing encoded events to the process's stdout (or stderr) through a 64 KiB
 * buffer that {@link #flushBuffer} empties. {@code System.out} flushes on every write, so logback's
 * console appender costs a system call per line; behind {@link BatchedAsyncAppender}, which flushes
 * after each batch, this costs one per batch. Lines are only ever cut at the buffer's end when one
 * batch holds more than 64 KiB.
 *
 * <p>It writes into the {@code System.out} stream as it is when the appender starts, not the file
 * descriptor beneath it, so whoever replaced that stream still gets the lines: a test runner
 * capturing a test's output (writing to the descriptor corrupted Surefire's channel to its forked
 * JVM and lost the gateway's log from the test reports), or an application embedding the gateway.
 */
public final class BufferedStdoutAppender extends OutputStreamAppender<ILoggingEvent> {

    private static final int BUFFER = 64 * 1024;
    private String target = "System.out";

    /** {@code System.out} (default) or {@code System.err}. */
    public void setTarget(String target) {
        this.target = target;
    }

    @Override
    public void start() {
        PrintStream stream = switch (target) {
            case "System.out" -> System.out;
            case "System.err" -> System.err;
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
