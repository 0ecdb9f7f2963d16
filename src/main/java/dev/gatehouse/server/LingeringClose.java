package dev.gatehouse.server;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;

/**
 * Ends a request that was answered before its body was read (an upload refused, or answered by its
 * provider early), as nginx's lingering close does: the rest of the body is read and dropped until
 * it ends or {@link #LINGER} passes, then the connection closes. Closing at once would leave the
 * unread bytes in the socket, and a socket closed with unread bytes, or that receives more after
 * its close, is reset by the kernel; the reset can reach the client before it read the answer,
 * which then never arrives. An HTTP/2 request resets only its own stream, not the connection.
 * Event loop only.
 */
final class LingeringClose {

    /** How long a client may go on sending a body nobody reads before its connection is cut. */
    static final Duration LINGER = Duration.ofSeconds(5);

    private final HttpServerRequest request;
    private GatewayClock.Timer deadline = GatewayClock.Timer.NONE;
    private boolean closed;

    private LingeringClose(HttpServerRequest request) {
        this.request = request;
    }

    /**
     * Answers {@code error} before the body was read, with {@code connection: close}, then drops the
     * rest of the body and closes ({@link #after}).
     */
    static void refuse(HttpServerRequest request, GatewayError error, GatewayClock clock) {
        request.response().putHeader("connection", "close");
        HttpLayerErrors.write(request, error).onComplete(written -> after(request, clock));
    }

    /** Drops the rest of {@code request}'s body, then closes; at once if it was read whole. */
    static void after(HttpServerRequest request, GatewayClock clock) {
        LingeringClose linger = new LingeringClose(request);
        if (request.isEnded()) {
            linger.close();
            return;
        }
        linger.deadline = clock.schedule(LINGER, linger::close);
        request.exceptionHandler(e -> linger.close());
        request.endHandler(v -> linger.close());
        request.handler(dropped -> {});
        request.resume();
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        deadline.cancel();
        if (request.version() == HttpVersion.HTTP_2) {
            request.response().reset();
        } else {
            request.connection().close();
        }
    }
}
