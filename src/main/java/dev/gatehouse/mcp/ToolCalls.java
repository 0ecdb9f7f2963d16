package dev.gatehouse.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.json.Json;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.metering.UsageRecorder;
import dev.gatehouse.observability.ToolCallMetrics;
import dev.gatehouse.ratelimit.Bucket;
import dev.gatehouse.ratelimit.Decision;
import dev.gatehouse.ratelimit.Meter;
import dev.gatehouse.ratelimit.RateLimiter;
import dev.gatehouse.ratelimit.Reservation;
import dev.gatehouse.time.GatewayClock;
import dev.gatehouse.tracing.ToolCallSpan;
import dev.gatehouse.tracing.Tracing;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One {@code tools/call} through {@code /mcp}, from the prefixed name to the server's result: the
 * key's access rule, the tool's per-key rate limit, the call with the server's timeout and breaker,
 * and then, whatever happened, a usage record (endpoint {@code /mcp}, server, tool, latency, status,
 * bytes), an audit entry (arguments and result only when the audit keeps content, PII-scrubbed),
 * the per-tool metrics and, when tracing is on, a span. Event loop; never blocks.
 */
final class ToolCalls {

    static final String ENDPOINT = "/mcp";
    private static final String LIMIT_SCOPE = "mcp_tool";

    /** What the gateway calls with. */
    record Parts(
            McpGateway gateway,
            Supplier<RateLimiter> limiter,
            UsageRecorder recorder,
            ToolCallMetrics metrics,
            Tracing tracing,
            GatewayClock clock) {}

    private final Parts parts;

    ToolCalls(Parts parts) {
        this.parts = parts;
    }

    /** The JSON-RPC {@code result} of the call, or a failed future with an {@link RpcError}. */
    Future<JsonNode> call(Principal principal, JsonNode params, String requestId) {
        JsonNode nameNode = params.path("name");
        if (!nameNode.isTextual()) {
            return Future.failedFuture(
                    RpcError.of(RpcError.INVALID_PARAMS, "invalid_params", "params.name must be a string."));
        }
        JsonNode arguments = params.path("arguments");
        if (!arguments.isMissingNode() && !arguments.isNull() && !arguments.isObject()) {
            return Future.failedFuture(
                    RpcError.of(RpcError.INVALID_PARAMS, "invalid_params", "params.arguments must be an object."));
        }
        ObjectNode args = arguments.isObject() ? (ObjectNode) arguments : Json.object();
        String name = nameNode.asText();
        ToolCatalog.ExposedTool tool = parts.gateway().catalog().find(name);
        if (tool == null) {
            return Future.failedFuture(RpcError.of(RpcError.INVALID_PARAMS, "unknown_tool", "Unknown tool: " + name));
        }
        Call call = new Call(principal, tool, args, requestId, parts.clock().nanoTime());
        if (!parts.gateway().access().permits(principal, tool.server(), tool.name())) {
            return call.refused(
                    RpcError.of(RpcError.FORBIDDEN, "forbidden", "This key may not use the tool '" + name + "'."), 403);
        }
        McpUpstream upstream = parts.gateway().upstream(tool.server());
        if (upstream == null) {
            return Future.failedFuture(RpcError.of(RpcError.INVALID_PARAMS, "unknown_tool", "Unknown tool: " + name));
        }
        Long rpm = upstream.settings().toolRpm().get(tool.tool());
        if (rpm == null) {
            return call.send(upstream);
        }
        Reservation reservation = new Reservation(
                requestId, List.of(new Bucket(LIMIT_SCOPE, principal.keyId(), name, Meter.REQUESTS, rpm, false)), 0, 0);
        RateLimiter limiter = parts.limiter().get();
        return limiter.reserve(reservation).compose(decision -> {
            if (!decision.admitted()) {
                return call.refused(rateLimited(name, decision), 429);
            }
            return call.send(upstream).andThen(done -> limiter.release(reservation));
        });
    }

    private static RpcError rateLimited(String name, Decision decision) {
        ObjectNode data = Json.object();
        Duration retry = decision.retryAfter();
        if (retry != null) {
            data.put("retry_after_ms", retry.toMillis());
        }
        return new RpcError(
                RpcError.RATE_LIMITED, 200, "rate_limited", "Rate limit reached for tool '" + name + "'.", data);
    }

    /** One call under way, and its record once it ends. */
    private final class Call {
        final Principal principal;
        final ToolCatalog.ExposedTool tool;
        final ObjectNode arguments;
        final String requestId;
        final long startNanos;
        final long startMillis;
        final long bytesIn;
        final @Nullable ToolCallSpan span;

        Call(Principal principal, ToolCatalog.ExposedTool tool, ObjectNode arguments, String requestId, long start) {
            this.principal = principal;
            this.tool = tool;
            this.arguments = arguments;
            this.requestId = requestId;
            this.startNanos = start;
            this.startMillis = parts.clock().millis();
            this.bytesIn = arguments.toString().getBytes(StandardCharsets.UTF_8).length;
            this.span = parts.tracing().toolCall(tool.server(), tool.name());
        }

        Future<JsonNode> refused(RpcError error, int status) {
            end(status, error.type, error.type, null, 0, false);
            return Future.failedFuture(error);
        }

        Future<JsonNode> send(McpUpstream upstream) {
            Context context = Objects.requireNonNull(Vertx.currentContext(), "called on an event loop");
            return upstream.call(tool.tool(), SdkJson.map(arguments), context).transform(done -> {
                if (done.succeeded()) {
                    McpSchema.CallToolResult result = done.result();
                    JsonNode json = SdkJson.tree(result);
                    String text = json.toString();
                    boolean toolError = Boolean.TRUE.equals(result.isError());
                    end(
                            200,
                            toolError ? "tool_error" : null,
                            toolError ? "tool_error" : "ok",
                            text,
                            text.getBytes(StandardCharsets.UTF_8).length,
                            true);
                    return Future.succeededFuture(json);
                }
                RpcError error = asRpcError(done.cause());
                end(
                        error.httpStatus == 200 ? statusOf(error) : error.httpStatus,
                        error.type,
                        error.type,
                        null,
                        0,
                        true);
                return Future.failedFuture(error);
            });
        }

        private void end(
                int status,
                @Nullable String errorType,
                String outcome,
                @Nullable String result,
                long bytesOut,
                boolean reached) {
            double latencyMs = parts.clock().millisSince(startNanos);
            UsageRecord record = UsageRecord.builder()
                    .requestId(requestId)
                    .timeMs(startMillis)
                    .keyId(principal.keyId())
                    .userId(principal.userId())
                    .teamId(principal.teamId())
                    .endpoint(ENDPOINT)
                    .mcpServer(tool.server())
                    .mcpTool(tool.tool())
                    .bytesIn(bytesIn)
                    .bytesOut(bytesOut)
                    .latencyMs(latencyMs)
                    .status(status)
                    .errorType(errorType)
                    .attempts(reached ? 1 : 0)
                    .costUsd(0.0)
                    .build();
            parts.recorder().recordToolCall(record, arguments.toString(), result);
            parts.metrics()
                    .record(
                            tool.server(),
                            tool.name(),
                            outcome,
                            Duration.ofNanos((long) (latencyMs * 1e6)),
                            bytesIn,
                            bytesOut);
            if (span != null) {
                span.end("ok".equals(outcome) ? null : outcome);
            }
        }
    }

    private static int statusOf(RpcError error) {
        return switch (error.code) {
            case RpcError.UNAVAILABLE -> 503;
            case RpcError.TIMEOUT -> 504;
            default -> 502;
        };
    }

    private RpcError asRpcError(Throwable cause) {
        if (cause instanceof McpUpstream.CallFailed failed) {
            return switch (failed.failure) {
                case UNAVAILABLE -> RpcError.of(RpcError.UNAVAILABLE, "unavailable", failed.getMessage());
                case TIMEOUT -> RpcError.of(RpcError.TIMEOUT, "timeout", failed.getMessage());
                case UPSTREAM_ERROR -> upstreamError(failed);
            };
        }
        return RpcError.of(RpcError.UNAVAILABLE, "unavailable", "The tool call failed: " + cause.getMessage());
    }

    /** The server's own JSON-RPC error, passed on with its code and message. */
    private static RpcError upstreamError(McpUpstream.CallFailed failed) {
        JsonNode rpc = failed.rpcError;
        int code = rpc == null ? RpcError.UNAVAILABLE : rpc.path("code").asInt(RpcError.UNAVAILABLE);
        String message = rpc == null ? failed.getMessage() : rpc.path("message").asText(failed.getMessage());
        ObjectNode data = Json.object();
        if (rpc != null && rpc.has("data")) {
            data.set("upstream_data", rpc.get("data"));
        }
        return new RpcError(code, 200, "upstream_error", message, data);
    }
}
