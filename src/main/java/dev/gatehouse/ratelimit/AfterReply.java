package dev.gatehouse.ratelimit;

import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * Runs the settle side of a reservation when a request's usage is known: at once for a JSON answer,
 * when the stream ends (or breaks, or the client leaves) for a streamed one, and the release side
 * when no answer came. Exactly one of the two runs, once.
 */
public final class AfterReply {

    private AfterReply() {}

    /** {@code reply}, unchanged, with {@code settle} or {@code release} attached. */
    public static Future<Reply> settle(Future<Reply> reply, Consumer<Usage> settle, Runnable release) {
        return reply.andThen(done -> {
            if (done.failed()) {
                release.run();
            } else if (done.result() instanceof Reply.Unary unary) {
                settle.accept(unary.usage() == null ? Usage.NONE : unary.usage());
            } else if (done.result() instanceof Reply.Streaming streaming) {
                streaming.stream()
                        .usage()
                        .onComplete(u -> settle.accept(u.succeeded() && u.result() != null ? u.result() : Usage.NONE));
            }
        });
    }
}
