package dev.gatehouse.provider;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/** Maps transport failures of an upstream call to gateway errors a client can act on. */
public final class UpstreamFailures {

    private UpstreamFailures() {}

    public static GatewayError unreachable(String provider, Throwable cause) {
        if (cause instanceof GatewayError ge) {
            return ge;
        }
        if (cause instanceof ConnectTimeoutException || cause instanceof TimeoutException) {
            return timeout(provider, "connecting");
        }
        if (cause instanceof ConnectException
                || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException) {
            return GatewayError.of(
                    ErrorKind.BAD_UPSTREAM_RESPONSE,
                    "Provider '" + provider + "' could not be reached.",
                    null,
                    "upstream_unreachable");
        }
        if (cause instanceof ClosedChannelException
                || cause instanceof VertxException
                        && String.valueOf(cause.getMessage()).contains("closed")) {
            return connectionLost(provider);
        }
        return GatewayError.of(
                        ErrorKind.BAD_UPSTREAM_RESPONSE,
                        "The call to provider '" + provider + "' failed ("
                                + cause.getClass().getSimpleName() + ").",
                        null,
                        "upstream_error")
                .causedBy(cause);
    }

    public static GatewayError connectionLost(String provider) {
        return GatewayError.of(
                ErrorKind.BAD_UPSTREAM_RESPONSE,
                "Provider '" + provider + "' closed the connection before the response was complete.",
                null,
                "upstream_connection_closed");
    }

    public static GatewayError timeout(String provider, String phase) {
        return GatewayError.of(
                ErrorKind.TIMEOUT, "Provider '" + provider + "' timed out " + phase + ".", null, "upstream_timeout");
    }

    public static GatewayError badResponse(String provider, String what) {
        return GatewayError.of(
                ErrorKind.BAD_UPSTREAM_RESPONSE,
                "Provider '" + provider + "' returned " + what + ".",
                null,
                "bad_upstream_response");
    }
}
