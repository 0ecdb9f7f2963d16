package dev.gatehouse.tracing;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import org.jspecify.annotations.Nullable;

/**
 * Pipeline stage, outside the meter: opens the request's SERVER span (continuing the caller's trace
 * when the request carries a W3C {@code traceparent}) and ends it once the meter has staged the
 * request's usage record, from which it takes the GenAI attributes ({@link SpanEnd}). A stream's
 * span ends with the stream.
 */
final class TraceRequest implements Interceptor {

    private static final TextMapGetter<MultiMap> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(MultiMap carrier) {
            return carrier.names();
        }

        @Override
        public @Nullable String get(@Nullable MultiMap carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    TraceRequest(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        Context parent = W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), ex.request().headers(), HEADERS);
        Span span = tracer.spanBuilder(
                        ex.request().method() + " " + ex.request().path())
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", ex.request().method())
                .setAttribute("url.path", ex.request().path())
                .setAttribute("gatehouse.request_id", ex.requestId())
                .startSpan();
        RequestTrace trace = new RequestTrace(tracer, span, parent);
        ex.put(RequestTrace.KEY, trace);
        SpanEnd end = new SpanEnd(span, ex);
        // This hook runs before the meter's (registered later), so it cannot wait for the 499 record:
        // it ends the span with what was staged so far and marks the client gone itself.
        ex.onCancel(end::clientGone);
        return chain.proceed(ex)
                .map(reply -> {
                    if (reply instanceof Reply.Streaming streaming) {
                        return new Reply.Streaming(new TracedStream(streaming.stream(), end));
                    }
                    end.unary((Reply.Unary) reply);
                    return reply;
                })
                .onFailure(e -> end.failed(e instanceof GatewayError ge ? ge : null));
    }
}
