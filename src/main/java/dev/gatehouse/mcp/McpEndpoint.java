package dev.gatehouse.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.auth.Authenticate;
import dev.gatehouse.auth.KeyRing;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code /mcp}: the gateway's MCP server on the Streamable HTTP transport (protocol revisions
 * 2025-11-25, 2025-06-18 and 2025-03-26). {@code POST} carries one JSON-RPC message: a notification
 * or response is accepted with 202; a request is answered with JSON, or for {@code tools/call} with
 * an SSE stream when the client accepts one. {@code GET} opens the session's SSE stream of server
 * messages ({@code notifications/tools/list_changed}); {@code DELETE} ends the session.
 *
 * <p>Hand-written on the Vert.x router rather than the SDK's server transports, which are servlets
 * and would need a servlet container beside the gateway's own HTTP server and its event loops.
 *
 * <p>Every request carries a gateway key ({@code Authorization: Bearer}); sessions belong to the key
 * that opened them. Event loop; never blocks.
 */
public final class McpEndpoint {

    static final String LATEST = "2025-11-25";
    static final List<String> VERSIONS = List.of(LATEST, "2025-06-18", "2025-03-26");
    /** Assumed when a request names none (the transport's rule for clients older than 2025-06-18). */
    private static final String DEFAULT_VERSION = "2025-03-26";

    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final McpGateway gateway;
    private final McpSessions sessions;
    private final Supplier<KeyRing> keys;
    private final ToolCalls calls;

    public McpEndpoint(McpGateway gateway, Supplier<KeyRing> keys, ToolCalls.Parts parts) {
        this.gateway = gateway;
        this.keys = keys;
        this.calls = new ToolCalls(parts);
        this.sessions = gateway.sessions();
    }

    /** The parts a tool call needs, for {@link #McpEndpoint}. */
    public static ToolCalls.Parts parts(
            McpGateway gateway,
            Supplier<dev.gatehouse.ratelimit.RateLimiter> limiter,
            dev.gatehouse.metering.UsageRecorder recorder,
            dev.gatehouse.observability.ToolCallMetrics metrics,
            dev.gatehouse.tracing.Tracing tracing,
            dev.gatehouse.time.GatewayClock clock) {
        return new ToolCalls.Parts(gateway, limiter, recorder, metrics, tracing, clock);
    }

    public void post(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Principal principal = authenticate(ctx);
        if (principal == null) {
            return;
        }
        Buffer body = ctx.body().buffer();
        JsonNode message = body == null ? null : Json.tryParse(body).orElse(null);
        if (message == null) {
            fail(
                    ctx,
                    null,
                    new RpcError(RpcError.PARSE_ERROR, 400, "parse_error", "The body is not valid JSON.", null));
            return;
        }
        if (!message.isObject() || !"2.0".equals(message.path("jsonrpc").asText())) {
            fail(
                    ctx,
                    null,
                    new RpcError(
                            RpcError.INVALID_REQUEST,
                            400,
                            "invalid_request",
                            message.isArray()
                                    ? "Batches are not supported: send one JSON-RPC message per request."
                                    : "The body must be one JSON-RPC 2.0 message.",
                            null));
            return;
        }
        JsonNode id = message.get("id");
        String method = message.path("method").asText(null);
        if ("initialize".equals(method) && id != null) {
            initialize(ctx, principal, id, message.path("params"));
            return;
        }
        McpSessions.Session session = session(ctx, principal, id);
        if (session == null) {
            return;
        }
        if (id == null || method == null) {
            // A notification or a response to the gateway: nothing to answer.
            request.response().setStatusCode(202).end();
            return;
        }
        boolean sse = accepts(request, "text/event-stream");
        switch (method) {
            case "ping" -> answer(ctx, id, Json.object(), false);
            case "tools/list" -> answer(ctx, id, toolList(principal), false);
            case "tools/call" ->
                calls.call(principal, message.path("params"), nextRequestId()).onComplete(done -> {
                    if (done.succeeded()) {
                        answer(ctx, id, done.result(), sse);
                    } else if (done.cause() instanceof RpcError e) {
                        fail(ctx, id, e);
                    } else {
                        ctx.fail(done.cause());
                    }
                });
            default ->
                fail(
                        ctx,
                        id,
                        RpcError.of(RpcError.METHOD_NOT_FOUND, "method_not_found", "Method not found: " + method));
        }
    }

    /** {@code GET}: the session's stream of server messages. */
    public void get(RoutingContext ctx) {
        Principal principal = authenticate(ctx);
        if (principal == null) {
            return;
        }
        if (!accepts(ctx.request(), "text/event-stream")) {
            ctx.response().setStatusCode(405).putHeader("allow", "POST, DELETE").end();
            return;
        }
        McpSessions.Session session = session(ctx, principal, null);
        if (session == null) {
            return;
        }
        HttpServerResponse response = ctx.response();
        if (!session.attach(response, Objects.requireNonNull(Vertx.currentContext(), "event loop"))) {
            fail(
                    ctx,
                    null,
                    new RpcError(
                            RpcError.INVALID_REQUEST,
                            409,
                            "stream_open",
                            "This session already has an open stream.",
                            null));
            return;
        }
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache")
                .setStatusCode(200);
        response.closeHandler(v -> session.detach(response));
        response.write(": stream open\n\n");
    }

    /** {@code DELETE}: ends the session. */
    public void delete(RoutingContext ctx) {
        Principal principal = authenticate(ctx);
        if (principal == null) {
            return;
        }
        McpSessions.Session session = session(ctx, principal, null);
        if (session == null) {
            return;
        }
        sessions.close(session);
        ctx.response().setStatusCode(204).end();
    }

    private void initialize(RoutingContext ctx, Principal principal, JsonNode id, JsonNode params) {
        String asked = params.path("protocolVersion").asText("");
        String version = VERSIONS.contains(asked) ? asked : LATEST;
        McpSessions.Session session = sessions.open(principal.keyId(), version);
        if (session == null) {
            fail(
                    ctx,
                    id,
                    new RpcError(
                            RpcError.UNAVAILABLE,
                            503,
                            "too_many_sessions",
                            "The gateway holds too many MCP sessions; end unused ones with DELETE.",
                            null));
            return;
        }
        ObjectNode result = Json.object();
        result.put("protocolVersion", version);
        result.putObject("capabilities").putObject("tools").put("listChanged", true);
        result.putObject("serverInfo").put("name", "gatehouse").put("version", "0.1.0");
        result.put("instructions", "Tools of the servers behind this gateway, named <server>__<tool>.");
        ctx.response().putHeader(SESSION_HEADER, session.id);
        answer(ctx, id, result, false);
    }

    private ObjectNode toolList(Principal principal) {
        McpAccess access = gateway.access();
        ObjectNode result = Json.object();
        ArrayNode tools = result.putArray("tools");
        for (ToolCatalog.ExposedTool tool : gateway.catalog().tools()) {
            if (access.permits(principal, tool.server(), tool.name())) {
                tools.add(tool.definition());
            }
        }
        return result;
    }

    private @Nullable Principal authenticate(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        try {
            return Authenticate.principalFor(
                    keys.get(),
                    Authenticate.presentedSecret(request.getHeader("authorization"), request.getHeader("x-api-key")));
        } catch (GatewayError e) {
            ctx.response().putHeader("www-authenticate", "Bearer");
            fail(ctx, null, new RpcError(RpcError.UNAUTHORIZED, 401, "unauthorized", e.getMessage(), null));
            return null;
        }
    }

    /** The request's session, or null after answering 400 (none named, bad version) or 404 (unknown). */
    private McpSessions.@Nullable Session session(RoutingContext ctx, Principal principal, @Nullable JsonNode id) {
        String version = ctx.request().getHeader(VERSION_HEADER);
        if (version != null && !VERSIONS.contains(version)) {
            fail(
                    ctx,
                    id,
                    new RpcError(
                            RpcError.INVALID_REQUEST,
                            400,
                            "unsupported_protocol_version",
                            "Unsupported MCP-Protocol-Version '" + version + "'; supported: "
                                    + String.join(", ", VERSIONS) + ". Default when absent: " + DEFAULT_VERSION + ".",
                            null));
            return null;
        }
        String sessionId = ctx.request().getHeader(SESSION_HEADER);
        if (sessionId == null) {
            fail(
                    ctx,
                    id,
                    new RpcError(
                            RpcError.INVALID_REQUEST,
                            400,
                            "missing_session",
                            "Send the Mcp-Session-Id header the initialize response gave.",
                            null));
            return null;
        }
        McpSessions.Session session = sessions.find(sessionId, principal.keyId());
        if (session == null) {
            fail(
                    ctx,
                    id,
                    new RpcError(
                            RpcError.INVALID_REQUEST,
                            404,
                            "unknown_session",
                            "No such MCP session; initialize a new one.",
                            null));
        }
        return session;
    }

    private static void answer(RoutingContext ctx, JsonNode id, JsonNode result, boolean sse) {
        ObjectNode out = Json.object();
        out.put("jsonrpc", "2.0");
        out.set("id", id);
        out.set("result", result);
        write(ctx, 200, out, sse);
    }

    private static void fail(RoutingContext ctx, @Nullable JsonNode id, RpcError error) {
        write(ctx, error.httpStatus, error.response(id), false);
    }

    private static void write(RoutingContext ctx, int status, JsonNode message, boolean sse) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status);
        if (sse) {
            response.putHeader("content-type", "text/event-stream")
                    .putHeader("cache-control", "no-cache")
                    .end("event: message\ndata: " + message + "\n\n");
        } else {
            response.putHeader("content-type", "application/json").end(Json.encode(message));
        }
    }

    private static boolean accepts(HttpServerRequest request, String type) {
        String accept = request.getHeader("accept");
        return accept != null && accept.contains(type);
    }

    private static String nextRequestId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "mcp_" + HexFormat.of().formatHex(bytes);
    }

    /** The SSE event that tells clients the tool list changed. */
    static String listChangedEvent() {
        return "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n";
    }
}
