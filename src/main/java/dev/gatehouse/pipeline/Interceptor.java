package dev.gatehouse.pipeline;

import dev.gatehouse.error.GatewayError;
import io.vertx.core.Future;

/**
 * One stage of the request pipeline.
 *
 * <p>Work before {@code chain.proceed(ex)} is the request side; work on the returned future is the
 * response side. A stage that can answer by itself (a rejection, a cache hit) returns without
 * calling {@code proceed}. Stages run on the request's event-loop thread and must never block it.
 * A failure is reported as a failed future carrying a {@link GatewayError}.
 */
@FunctionalInterface
public interface Interceptor {

    Future<Reply> intercept(Exchange ex, Chain chain);

    /** The rest of the pipeline after the current stage. */
    @FunctionalInterface
    interface Chain {
        Future<Reply> proceed(Exchange ex);
    }
}
