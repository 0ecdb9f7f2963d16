package dev.gatehouse.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * A JSON-RPC error the {@code /mcp} endpoint answers, with the HTTP status it goes out with when
 * it fails the HTTP request itself (400, 401, 404), or 200 when it answers a request in a JSON-RPC
 * response. The gateway's own codes sit in JSON-RPC's implementation-defined server range:
 * {@value #UNAUTHORIZED} no or unknown key, {@value #FORBIDDEN} the key may not use the tool,
 * {@value #RATE_LIMITED} the tool's rate limit, {@value #UNAVAILABLE} the tool server is down or its
 * breaker open, {@value #TIMEOUT} it did not answer in time. {@code data.type} names each.
 */
final class RpcError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int UNAUTHORIZED = -32001;
    static final int FORBIDDEN = -32003;
    static final int RATE_LIMITED = -32029;
    static final int UNAVAILABLE = -32050;
    static final int TIMEOUT = -32054;

    final int code;
    final int httpStatus;
    final String type;
    final transient @Nullable JsonNode data;

    RpcError(int code, int httpStatus, String type, @Nullable String message, @Nullable JsonNode data) {
        super(message == null ? type : message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
        this.type = type;
        this.data = data;
    }

    static RpcError of(int code, String type, @Nullable String message) {
        return new RpcError(code, 200, type, message, null);
    }

    /** The {@code error} member of a JSON-RPC response. */
    ObjectNode body() {
        ObjectNode error = Json.object();
        error.put("code", code);
        error.put("message", getMessage());
        ObjectNode d = data instanceof ObjectNode o ? o.deepCopy() : Json.object();
        d.put("type", type);
        error.set("data", d);
        return error;
    }

    /** A whole JSON-RPC error response to {@code id} (null when the request's id is unknown). */
    ObjectNode response(@Nullable JsonNode id) {
        ObjectNode out = Json.object();
        out.put("jsonrpc", "2.0");
        out.set("id", id == null ? Json.MAPPER.nullNode() : id);
        out.set("error", body());
        return out;
    }
}
