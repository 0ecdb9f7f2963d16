package dev.gatehouse.stream;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;

/**
 * A stream of canonical chat chunks coming from an upstream, with back-pressure.
 *
 * <p>Nothing flows until {@link #start}. All callbacks and all calls run on the event loop of the
 * request; implementations must not block. Exactly one of {@link Sink#onEnd} or {@link Sink#onError}
 * is called, and not after {@link #cancel()}.
 */
public interface ChunkStream {

    /** Receives the chunks of a stream. */
    interface Sink {
        void onChunk(StreamChunk chunk);

        /** The upstream finished the stream properly. */
        void onEnd();

        /** The stream broke (upstream error event, truncation, idle timeout). */
        void onError(GatewayError error);
    }

    void start(Sink sink);

    /** Stops reading from the upstream until {@link #resume()}; used when the client is slow. */
    void pause();

    void resume();

    /** Abandons the stream and aborts the upstream request (the client went away). */
    void cancel();

    /**
     * Completes once the stream has ended, failed or been cancelled, with the usage the upstream
     * reported (or an estimate, marked so). Never fails.
     */
    Future<Usage> usage();
}
