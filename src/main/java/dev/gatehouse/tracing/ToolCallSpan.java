package dev.gatehouse.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * The span of one MCP tool call through {@code /mcp}, named after OpenTelemetry's GenAI convention
 * for tool execution ({@code execute_tool <tool>}), with the tool server as an attribute. Ended once,
 * on the event loop that started it.
 */
public final class ToolCallSpan {

    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    private static final AttributeKey<String> TOOL = AttributeKey.stringKey("gen_ai.tool.name");
    private static final AttributeKey<String> SERVER = AttributeKey.stringKey("mcp.server");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Span span;

    private ToolCallSpan(Span span) {
        this.span = span;
    }

    static ToolCallSpan start(Tracer tracer, String server, String tool) {
        return new ToolCallSpan(tracer.spanBuilder("execute_tool " + tool)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, "execute_tool")
                .setAttribute(TOOL, tool)
                .setAttribute(SERVER, server)
                .startSpan());
    }

    /** @param errorType the gateway's error type, or {@code null} when the call got the tool's result */
    public void end(@Nullable String errorType) {
        if (errorType != null) {
            span.setAttribute(ERROR_TYPE, errorType);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
