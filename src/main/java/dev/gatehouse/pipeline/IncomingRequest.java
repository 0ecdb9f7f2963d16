package dev.gatehouse.pipeline;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The client's request as the server received it. Stages read it; none changes it (the headers are
 * the server's live map, handed over read-only by contract rather than copied on every request).
 *
 * @param body the body's bytes, empty when there was none
 */
public record IncomingRequest(String method, String path, MultiMap headers, Buffer body) {

    /** The request of an exchange the gateway starts itself (a health check): no client, no body. */
    public static IncomingRequest internal(String path) {
        return new IncomingRequest("INTERNAL", path, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer());
    }

    /** The first value of a header (names are case-insensitive), or null when it was not sent. */
    public @Nullable String header(String name) {
        return headers.get(name);
    }
}
