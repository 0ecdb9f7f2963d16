package dev.gatehouse.observability;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.gatehouse.metering.RequestSummary;
import dev.gatehouse.metering.UsageRecord;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
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
        UsageRecord r = request.usage();
        boolean used = r.attempts() > 0 || r.inputTokens() > 0 || r.outputTokens() > 0;
        List<Object> fields = new ArrayList<>(20);
        fields.add(kv("request_id", r.requestId()));
        fields.add(kv("method", request.method()));
        fields.add(kv("path", request.path()));
        fields.add(kv("status", r.status()));
        fields.add(kv("latency_ms", Math.round(r.latencyMs() * 1000) / 1000.0));
        addIfSet(fields, "key_id", r.keyId());
        addIfSet(fields, "model", r.publicModel());
        addIfSet(fields, "provider", r.provider());
        addIfSet(fields, "upstream_model", request.upstreamModel());
        addIfSet(fields, "stream", request.stream());
        addIfSet(fields, "input_tokens", used ? r.inputTokens() : null);
        addIfSet(fields, "output_tokens", used ? r.outputTokens() : null);
        addIfSet(fields, "tokens_estimated", r.estimated() ? Boolean.TRUE : null);
        addIfSet(fields, "error_code", request.errorCode());
        addIfSet(fields, "stream_error", request.streamError());
        addIfSet(fields, "deployment", r.deployment());
        addIfSet(fields, "attempts", r.attempts() > 0 ? r.attempts() : null);
        addIfSet(fields, "fallback", r.attempts() > 0 ? r.fallback() : null);
        addIfSet(fields, "tier", request.tier());
        LOG.info("request", fields.toArray());
    }

    private static void addIfSet(List<Object> fields, String name, @Nullable Object value) {
        if (value != null) {
            fields.add(kv(name, value));
        }
    }
}
