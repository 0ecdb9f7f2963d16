package dev.gatehouse.observability;

import dev.gatehouse.metering.RequestSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured (JSON) log line per request, derived from its usage record when it is recorded. It carries ids,
 * outcome, model and timing, never a key, a header or request content.
 */
public final class AccessLog {

    private static final Logger LOG = LoggerFactory.getLogger("gatehouse.access");

    private AccessLog() {}

    public static boolean enabled() {
        return LOG.isInfoEnabled();
    }

    /** Writes the line of one finished request; facts it does not have are left out. */
    public static void write(RequestSummary request) {
        LOG.info("request", new AccessLine(request));
    }
}
