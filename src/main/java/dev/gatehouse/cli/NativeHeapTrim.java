package dev.gatehouse.cli;

import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the C heap's free memory back to the operating system every {@link #INTERVAL}, what JDK
 * 21's {@code -XX:TrimNativeHeapInterval} does, without a launch flag: {@code serve} runs with
 * none. The JIT compilers allocate large arenas with {@code malloc} while the gateway warms up and
 * under a new load, and free them a moment later; glibc keeps the freed memory resident. On a
 * gateway serving 300 req/s one trim took its RSS from 290 to 272 MB (issue #20).
 *
 * <p>The trim is the HotSpot diagnostic command {@code System.trim_native_heap} (glibc's {@code
 * malloc_trim}), called through its MBean on a worker thread since it takes milliseconds. A JVM or C
 * library without it answers that it is not available; the first such answer stops the timer.
 * Only for the {@code serve} process: a program embedding the gateway owns its process's memory.
 */
final class NativeHeapTrim {

    static final Duration INTERVAL = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(NativeHeapTrim.class);
    private static final String OPERATION = "systemTrimNativeHeap";

    private final Vertx vertx;
    private final long timer;

    private NativeHeapTrim(Vertx vertx) {
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(
                INTERVAL.toMillis(),
                id -> vertx.executeBlocking(NativeHeapTrim::trim, false).onSuccess(trimmed -> {
                    if (!trimmed) {
                        vertx.cancelTimer(id);
                    }
                }));
    }

    /** Trims every {@link #INTERVAL} from now until {@link #stop}. */
    static NativeHeapTrim start(Vertx vertx) {
        return new NativeHeapTrim(vertx);
    }

    void stop() {
        vertx.cancelTimer(timer);
    }

    /**
     * One trim; false when this JVM or C library cannot trim. Blocks for the trim's milliseconds:
     * never on an event loop.
     */
    static boolean trim() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Object answer = server.invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    OPERATION,
                    new Object[] {null},
                    new String[] {String[].class.getName()});
            String said = String.valueOf(answer).trim();
            // HotSpot prints "Trim native heap: RSS+Swap: 290M->272M (-17828K)", or "Not available."
            boolean available = said.startsWith("Trim native heap");
            if (available) {
                LOG.debug("{}", said);
            } else {
                LOG.info("the native heap cannot be trimmed on this platform ({}); not trying again", said);
            }
            return available;
        } catch (JMException | RuntimeException e) {
            LOG.info("the native heap cannot be trimmed on this JVM ({}); not trying again", e.toString());
            return false;
        }
    }
}
