package dev.gatehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code systemStream}, lines go to whatever {@code System.out} is when the appender starts,
 * held until a flush: a test runner that replaced the stream gets the gateway's log.
 */
class BufferedStdoutAppenderTest {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void restore() {
        context.stop();
        System.setOut(original);
    }

    @Test
    void withSystemStreamWritesIntoTheReplacedStdoutStreamOnFlush() {
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        context.setMDCAdapter(new LogbackMDCAdapter());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        BufferedStdoutAppender appender = new BufferedStdoutAppender();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setSystemStream(true);
        appender.start();
        Logger logger = context.getLogger("test");
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);

        logger.info("first line");
        logger.info("second line");
        assertThat(captured.size()).as("held in the buffer until a flush").isZero();

        appender.flushBuffer();
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("first line\nsecond line\n");
    }

    @Test
    void anUnknownTargetIsReportedAndTheAppenderStaysStopped() {
        BufferedStdoutAppender appender = new BufferedStdoutAppender();
        appender.setContext(context);
        appender.setTarget("System.in");
        appender.start();
        assertThat(appender.isStarted()).isFalse();
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .anySatisfy(status -> assertThat(status.getMessage()).contains("System.in"));
    }
}
