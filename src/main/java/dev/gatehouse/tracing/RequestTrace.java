package dev.gatehouse.tracing;

import dev.gatehouse.pipeline.Exchange;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * One request's trace: its server span and the tracer that opens its children. The spans are
 * parented explicitly through {@link #context()}, never through a thread-local current context,
 * because a request's work hops between callbacks on the event loop.
 */
public final class RequestTrace {

    public static final Exchange.Key<RequestTrace> KEY = Exchange.Key.of("request-trace");

    private final Tracer tracer;
    private final Span server;
    private final Context context;

    RequestTrace(Tracer tracer, Span server, Context parent) {
        this.tracer = tracer;
        this.server = server;
        this.context = parent.with(server);
    }

    Span server() {
        return server;
    }

    Context context() {
        return context;
    }

    Span startChild(String name, SpanKind kind) {
        return tracer.spanBuilder(name).setParent(context).setSpanKind(kind).startSpan();
    }

    /**
     * Opens the client span of one upstream attempt; the caller ends it through the returned
     * {@link AttemptSpan}. Event loop.
     */
    public AttemptSpan startAttempt(AttemptSpan.Facts facts) {
        return AttemptSpan.start(this, facts);
    }
}
