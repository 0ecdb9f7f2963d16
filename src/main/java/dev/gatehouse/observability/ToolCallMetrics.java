package dev.gatehouse.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Metric families of MCP tool calls through {@code /mcp}, per tool server and tool:
 * {@code gatehouse_mcp_tool_calls_total{server,tool,outcome}},
 * {@code gatehouse_mcp_tool_call_duration_seconds{server,tool}} and
 * {@code gatehouse_mcp_tool_call_bytes_total{server,tool,direction}}. Tool names come from the
 * configured servers, not from clients (a call to an unknown tool is refused before it is counted),
 * so their number is bounded by the config. Thread-safe; lock-free.
 */
public final class ToolCallMetrics {

    private final MeterRegistry registry;

    ToolCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param outcome {@code ok}, {@code tool_error} (the tool reported an error), or the gateway's
     *     error type ({@code timeout}, {@code unavailable}, {@code forbidden}, {@code rate_limited}...)
     */
    public void record(String server, String tool, String outcome, Duration latency, long bytesIn, long bytesOut) {
        Counter.builder("gatehouse_mcp_tool_calls")
                .description("MCP tool calls through /mcp")
                .tags("server", server, "tool", tool, "outcome", outcome)
                .register(registry)
                .increment();
        Timer.builder("gatehouse_mcp_tool_call_duration")
                .description("Time from a tool call's arrival to its answer")
                .tags("server", server, "tool", tool)
                .register(registry)
                .record(latency);
        Counter.builder("gatehouse_mcp_tool_call_bytes")
                .description("JSON bytes of tool call arguments (in) and results (out)")
                .tags("server", server, "tool", tool, "direction", "in")
                .register(registry)
                .increment(bytesIn);
        Counter.builder("gatehouse_mcp_tool_call_bytes")
                .description("JSON bytes of tool call arguments (in) and results (out)")
                .tags("server", server, "tool", tool, "direction", "out")
                .register(registry)
                .increment(bytesOut);
    }
}
