package dev.gatehouse.tracing;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.vertx.core.Future;

/**
 * A stage with a span for its own request-side work: the span opens when the stage is entered and
 * ends when it passes the request on, or, if it answers by itself (a 401, a cache hit, a 429), when
 * that answer is ready. So the stage spans sit side by side under the request's span, each as long
 * as its stage held the request, instead of nesting every later stage inside it.
 */
final class TracedStage implements Interceptor {

    private final String name;
    private final Interceptor inner;

    TracedStage(String name, Interceptor inner) {
        this.name = name;
        this.inner = inner;
    }

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        RequestTrace trace = ex.find(RequestTrace.KEY);
        if (trace == null) {
            return inner.intercept(ex, chain);
        }
        Span span = trace.startChild(name, SpanKind.INTERNAL);
        boolean[] passedOn = new boolean[1];
        Future<Reply> reply;
        try {
            reply = inner.intercept(ex, next -> {
                passedOn[0] = true;
                span.end();
                return chain.proceed(next);
            });
        } catch (RuntimeException e) {
            // The pipeline turns it into an internal error; the span must not stay open.
            span.setStatus(StatusCode.ERROR);
            span.end();
            throw e;
        }
        if (!passedOn[0]) {
            // Answered by itself, or still working asynchronously before it passes the request on.
            reply.onComplete(done -> {
                if (!passedOn[0]) {
                    if (done.failed()) {
                        span.setStatus(StatusCode.ERROR);
                        if (done.cause() instanceof GatewayError error) {
                            span.setAttribute("error.type", error.code() != null ? error.code() : error.type());
                        }
                    }
                    span.end();
                }
            });
        }
        return reply;
    }
}
