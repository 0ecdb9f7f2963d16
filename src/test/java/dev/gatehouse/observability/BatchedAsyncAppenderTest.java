package dev.gatehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events reach the attached appender in order, a batch interval late at most, and all of them at stop. */
class BatchedAsyncAppenderTest {

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> sink = new ListAppender<>();
    private final BatchedAsyncAppender batched = new BatchedAsyncAppender();

    private Logger logger(int queueSize, long flushIntervalMillis) {
        context.setMDCAdapter(new LogbackMDCAdapter());
        sink.setContext(context);
        sink.start();
        batched.setContext(context);
        batched.addAppender(sink);
        batched.setQueueSize(queueSize);
        batched.setFlushIntervalMillis(flushIntervalMillis);
        batched.start();
        Logger logger = context.getLogger("test");
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(batched);
        return logger;
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void eventsArriveInOrderWithTheirLoggingThreadsName() {
        Logger logger = logger(100_000, 20);
        String name = Thread.currentThread().getName();
        for (int i = 0; i < 1000; i++) {
            logger.info("line {}", i);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.list.size() == 1000);
        assertThat(sink.list.get(0).getFormattedMessage()).isEqualTo("line 0");
        assertThat(sink.list.get(999).getFormattedMessage()).isEqualTo("line 999");
        assertThat(sink.list.get(0).getThreadName()).isEqualTo(name);
    }

    @Test
    void stopWritesOutEverythingStillQueued() {
        Logger logger = logger(100_000, 60_000);
        for (int i = 0; i < 100; i++) {
            logger.info("queued {}", i);
        }
        assertThat(sink.list).as("an hour-long interval: nothing written yet").isEmpty();
        batched.stop();
        assertThat(sink.list).hasSize(100);
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() {
        CountDownLatch release = new CountDownLatch(1);
        AppenderBase<ILoggingEvent> stuck = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sink.doAppend(event);
            }
        };
        stuck.setContext(context);
        stuck.start();
        batched.addAppender(stuck);
        Logger logger = logger(10, 1);
        batched.detachAppender(sink);
        // The worker takes what is queued (ten at most) and waits in the stuck appender; ten more fill
        // the queue again, and the rest is dropped.
        for (int i = 0; i < 1000; i++) {
            logger.info("flood {}", i);
        }
        assertThat(batched.dropped()).isGreaterThanOrEqualTo(1000 - 21);
        release.countDown();
        batched.stop();
        assertThat(sink.list.size() + batched.dropped()).isEqualTo(1000);
    }
}
