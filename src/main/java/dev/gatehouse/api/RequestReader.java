package dev.gatehouse.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Validates one client API's request body and turns it into the canonical request. Pure; runs on
 * the event loop.
 */
@FunctionalInterface
public interface RequestReader {

    /**
     * Reads one request body into the canonical request, or rejects it.
     *
     * @param body the parsed JSON object
     * @param bytes the body as received, for forwarding unchanged when the canonical form is the same;
     *     {@code null} when there is none to forward
     * @throws GatewayError (400) naming the offending field
     */
    CanonicalRequest read(ObjectNode body, @Nullable Buffer bytes);

    /**
     * Reads one request body with the headers it came with. A reader whose client API has request
     * headers of its own that a provider of the same dialect must see (Anthropic's
     * {@code anthropic-beta}) overrides this; others need only the body.
     */
    default CanonicalRequest read(ObjectNode body, Buffer bytes, MultiMap headers) {
        return read(body, bytes);
    }
}
