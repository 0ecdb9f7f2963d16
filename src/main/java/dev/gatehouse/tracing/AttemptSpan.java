package dev.gatehouse.tracing;

import dev.gatehouse.pipeline.Exchange;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The CLIENT span of one call to one deployment. Its W3C trace context goes out on the upstream
 * request ({@link #inject}), so the provider's own spans (or a mock's log) join the same trace.
 * Ended once, by whichever of {@link #succeeded()} or {@link #failed} comes first.
 */
public final class AttemptSpan {

    /** The attempt in flight, for the upstream client to inject; replaced by each new attempt. */
    public static final Exchange.Key<AttemptSpan> KEY = Exchange.Key.of("attempt-span");

    /**
     * What the dispatcher knows when it starts an attempt.
     *
     * @param attempt the attempt's number in the request, from 1
     * @param deployment the deployment's id ({@code provider/model})
     * @param provider the GenAI provider name ({@code openai}, {@code anthropic}...)
     * @param upstreamModel the model name sent to the provider
     * @param retry whether an earlier attempt went to the same deployment
     * @param fallback whether the deployment is not the plan's first
     */
    public record Facts(
            int attempt, String deployment, String provider, String upstreamModel, boolean retry, boolean fallback) {}

    private final Span span;
    private boolean ended;

    private AttemptSpan(Span span) {
        this.span = span;
    }

    static AttemptSpan start(RequestTrace trace, Facts facts) {
        Span span = trace.startChild("upstream " + facts.deployment(), SpanKind.CLIENT);
        span.setAttribute("gatehouse.attempt", facts.attempt());
        span.setAttribute("gatehouse.deployment", facts.deployment());
        span.setAttribute("gatehouse.retry", facts.retry());
        span.setAttribute("gatehouse.fallback", facts.fallback());
        span.setAttribute("gen_ai.provider.name", facts.provider());
        span.setAttribute("gen_ai.request.model", facts.upstreamModel());
        return new AttemptSpan(span);
    }

    /** Writes {@code traceparent} (and {@code tracestate}, when there is one) for this span. */
    public void inject(BiConsumer<String, String> header) {
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), header, (carrier, key, value) -> {
            if (carrier != null) {
                carrier.accept(key, value);
            }
        });
    }

    /** The deployment answered (for a stream: its whole stream ended). */
    public void succeeded() {
        if (!ended) {
            ended = true;
            span.end();
        }
    }

    /** The attempt failed with {@code errorType}; {@code status} is the provider's, when it sent one. */
    public void failed(String errorType, @Nullable Integer status) {
        if (!ended) {
            ended = true;
            span.setAttribute("error.type", errorType);
            if (status != null) {
                span.setAttribute("http.response.status_code", status);
            }
            span.setStatus(StatusCode.ERROR);
            span.end();
        }
    }
}
