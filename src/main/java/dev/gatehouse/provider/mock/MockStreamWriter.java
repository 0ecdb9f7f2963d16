package dev.gatehouse.provider.mock;

import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Sends prepared server-sent event frames on one response: paced {@code interval} apart with Vert.x
 * timers, or back to back when the interval is zero, and in both cases waiting for the write queue
 * to drain when it is full. It can also cut the stream after a number of frames, closing the
 * connection without a finish chunk or {@code [DONE]}, as a dying upstream would.
 *
 * <p>Lives on the event loop of the response's connection; every method runs there, so it needs no
 * locking. It never blocks. When the client goes away it stops its timer and writes nothing more.
 */
final class MockStreamWriter {

    private final GatewayClock clock;
    private final HttpServerResponse response;
    private final List<Buffer> frames;
    private final Duration interval;
    private final int end;
    private final boolean cut;

    private int next;
    private GatewayClock.Timer timer = GatewayClock.Timer.NONE;
    private boolean stopped;

    private MockStreamWriter(
            GatewayClock clock,
            HttpServerResponse response,
            List<Buffer> frames,
            Duration interval,
            int end,
            boolean cut) {
        this.clock = clock;
        this.response = response;
        this.frames = frames;
        this.interval = interval;
        this.end = end;
        this.cut = cut;
    }

    /**
     * Starts streaming {@code chunks} on {@code response}, which must not have been written yet.
     *
     * @param truncateAfter if non-negative, send at most this many frames, never a finish chunk,
     *     then close the connection
     */
    static void start(
            GatewayClock clock,
            HttpServerResponse response,
            MockChatChunks chunks,
            Duration interval,
            int truncateAfter) {
        boolean cut = truncateAfter >= 0;
        int end = cut
                ? Math.min(truncateAfter, chunks.firstFinish())
                : chunks.frames().size();
        new MockStreamWriter(clock, response, chunks.frames(), interval, end, cut).begin();
    }

    private void begin() {
        response.setStatusCode(200);
        response.putHeader("Content-Type", "text/event-stream; charset=utf-8");
        response.putHeader("Cache-Control", "no-cache");
        response.setChunked(true);
        response.closeHandler(v -> stop());
        pump();
    }

    private void pump() {
        while (!stopped) {
            if (next == end) {
                finish(null);
                return;
            }
            Future<Void> written = response.write(frames.get(next++));
            if (next == end) {
                finish(written);
                return;
            }
            if (response.writeQueueFull()) {
                response.drainHandler(v -> {
                    // A drain handler stays installed; clear it so a later drain cannot start a second pump.
                    response.drainHandler(null);
                    resume();
                });
                return;
            }
            if (paced()) {
                resume();
                return;
            }
        }
    }

    private void resume() {
        if (stopped) {
            return;
        }
        if (paced()) {
            timer = clock.schedule(interval, () -> {
                timer = GatewayClock.Timer.NONE;
                pump();
            });
        } else {
            pump();
        }
    }

    /** Whether chunks wait between them: an interval under a millisecond means as fast as the client reads. */
    private boolean paced() {
        return interval.toMillis() > 0;
    }

    private void finish(@Nullable Future<Void> lastWrite) {
        stopped = true;
        if (!cut) {
            response.end();
            return;
        }
        MockErrors.cutAfter(lastWrite != null ? lastWrite : response.writeHead(), response);
    }

    private void stop() {
        stopped = true;
        timer.cancel();
        timer = GatewayClock.Timer.NONE;
    }
}
