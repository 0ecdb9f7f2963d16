package dev.gatehouse.pipeline;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.gatehouse.error.GatewayError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where an unexpected exception becomes a client-facing 500. It is logged here once,
 * with its stack trace and the request id; the client gets the error shape without internals.
 */
public final class InternalErrors {

    private static final Logger LOG = LoggerFactory.getLogger("gatehouse.internal");

    private InternalErrors() {}

    /**
     * The failure as a {@link GatewayError}: an expected one as it is, anything else as an internal
     * error, logged. Calling it again on its own result logs nothing more.
     */
    public static GatewayError toGatewayError(Exchange ex, Throwable failure) {
        return toGatewayError(ex.requestId(), failure);
    }

    public static GatewayError toGatewayError(String requestId, Throwable failure) {
        if (failure instanceof GatewayError expected) {
            return expected;
        }
        LOG.error("internal error {}", kv("request_id", requestId), failure);
        return GatewayError.internal(failure);
    }
}
