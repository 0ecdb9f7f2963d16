package dev.gatehouse.observability;

import static net.logstash.logback.argument.StructuredArguments.kv;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured (JSON) log line per request, written when the response ends. It carries ids,
 * outcome, model and timing, never a key, a header or request content.
 */
public final class AccessLog {

    private static final Logger LOG = LoggerFactory.getLogger("gatehouse.access");

    private AccessLog() {}

    /** The facts of one finished request; {@code null} fields are left out of the line. */
    public record Entry(
            String requestId,
            String method,
            String path,
            int status,
            double latencyMs,
            String keyId,
            String model,
            String provider,
            String upstreamModel,
            Boolean stream,
            Long inputTokens,
            Long outputTokens,
            Boolean tokensEstimated,
            String errorCode,
            String streamError,
            String deployment,
            Integer attempts,
            Boolean fallback,
            String tier) {}

    public static boolean enabled() {
        return LOG.isInfoEnabled();
    }

    public static void write(Entry e) {
        List<Object> fields = new ArrayList<>(16);
        fields.add(kv("request_id", e.requestId()));
        fields.add(kv("method", e.method()));
        fields.add(kv("path", e.path()));
        fields.add(kv("status", e.status()));
        fields.add(kv("latency_ms", Math.round(e.latencyMs() * 1000) / 1000.0));
        addIfSet(fields, "key_id", e.keyId());
        addIfSet(fields, "model", e.model());
        addIfSet(fields, "provider", e.provider());
        addIfSet(fields, "upstream_model", e.upstreamModel());
        addIfSet(fields, "stream", e.stream());
        addIfSet(fields, "input_tokens", e.inputTokens());
        addIfSet(fields, "output_tokens", e.outputTokens());
        addIfSet(fields, "tokens_estimated", e.tokensEstimated());
        addIfSet(fields, "error_code", e.errorCode());
        addIfSet(fields, "stream_error", e.streamError());
        addIfSet(fields, "deployment", e.deployment());
        addIfSet(fields, "attempts", e.attempts());
        addIfSet(fields, "fallback", e.fallback());
        addIfSet(fields, "tier", e.tier());
        LOG.info("request", fields.toArray());
    }

    private static void addIfSet(List<Object> fields, String name, Object value) {
        if (value != null) {
            fields.add(kv(name, value));
        }
    }
}
