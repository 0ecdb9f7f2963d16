package dev.gatehouse.pipeline;

import dev.gatehouse.error.GatewayError;
import io.vertx.core.Future;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Runs an exchange through an ordered list of stages, forward for the request and back for the
 * reply. It holds every stage to the {@link Interceptor} contract: a stage calls {@code proceed}
 * at most once, passes on the exchange it was given, and returns a reply future; the last stage
 * answers without calling {@code proceed}. A broken contract, a thrown exception or a failure that
 * is not a {@link GatewayError} becomes an internal error, logged once ({@link InternalErrors}),
 * so every stage on the way back sees only {@link GatewayError} failures.
 */
public final class Pipeline {

    private final List<Interceptor> stages;

    public Pipeline(List<Interceptor> stages) {
        this.stages = List.copyOf(stages);
    }

    public Future<Reply> handle(Exchange ex) {
        return proceedFrom(0, ex);
    }

    private Future<Reply> proceedFrom(int index, Exchange ex) {
        if (index >= stages.size()) {
            return failed(
                    ex, new IllegalStateException("the last stage called proceed: the pipeline ended without a reply"));
        }
        Interceptor stage = stages.get(index);
        OnceChain chain = new OnceChain(index, ex);
        Future<Reply> reply;
        try {
            reply = stage.intercept(ex, chain);
        } catch (RuntimeException e) {
            return failed(ex, e);
        }
        if (reply == null) {
            return failed(ex, new IllegalStateException(nameOf(index) + " returned no reply"));
        }
        // A stage with no response-side work hands back what proceed gave it, which the next stage's
        // recover already normalized: wrapping it again would cost a promise and a listener per stage.
        if (reply == chain.downstream) {
            return reply;
        }
        return reply.recover(e -> failed(ex, e));
    }

    private String nameOf(int index) {
        return stages.get(index).getClass().getSimpleName();
    }

    private static Future<Reply> failed(Exchange ex, Throwable e) {
        return Future.failedFuture(InternalErrors.toGatewayError(ex, e));
    }

    /** The rest of the pipeline after one stage, which that stage may enter once. */
    private final class OnceChain implements Interceptor.Chain {
        private final int index;
        private final Exchange ex;
        private boolean proceeded;

        /** What proceed returned, once called: already holds only {@link GatewayError} failures. */
        private @Nullable Future<Reply> downstream;

        OnceChain(int index, Exchange ex) {
            this.index = index;
            this.ex = ex;
        }

        @Override
        public Future<Reply> proceed(Exchange next) {
            if (proceeded) {
                return failed(ex, new IllegalStateException(nameOf(index) + " called proceed twice"));
            }
            if (next != ex) {
                return failed(ex, new IllegalStateException(nameOf(index) + " passed on another exchange"));
            }
            proceeded = true;
            Future<Reply> reply = proceedFrom(index + 1, next);
            downstream = reply;
            return reply;
        }
    }
}
