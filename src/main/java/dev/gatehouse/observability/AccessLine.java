package dev.gatehouse.observability;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.gatehouse.metering.RequestSummary;
import dev.gatehouse.metering.UsageRecord;
import java.io.IOException;
import net.logstash.logback.argument.StructuredArgument;
import org.jspecify.annotations.Nullable;

/**
 * The fields of one access-log line, written straight into the log encoder's JSON generator: one
 * argument per line instead of a marker per field and the list that held them, built on the event
 * loop for every request. The encoder calls {@link #writeTo} on the thread that writes the line;
 * the summary is immutable, so that may be any thread.
 */
final class AccessLine implements StructuredArgument {

    private final RequestSummary request;

    AccessLine(RequestSummary request) {
        this.request = request;
    }

    @Override
    public void writeTo(JsonGenerator g) throws IOException {
        UsageRecord r = request.usage();
        boolean used = r.attempts() > 0 || r.inputTokens() > 0 || r.outputTokens() > 0;
        string(g, "request_id", r.requestId());
        string(g, "method", request.method());
        string(g, "path", request.path());
        g.writeNumberField("status", r.status());
        g.writeFieldName("latency_ms");
        writeMillis(g, r.latencyMs());
        string(g, "key_id", r.keyId());
        string(g, "model", r.publicModel());
        string(g, "provider", r.provider());
        string(g, "upstream_model", request.upstreamModel());
        if (request.stream() != null) {
            g.writeBooleanField("stream", request.stream());
        }
        if (used) {
            g.writeNumberField("input_tokens", r.inputTokens());
            g.writeNumberField("output_tokens", r.outputTokens());
        }
        if (r.estimated()) {
            g.writeBooleanField("tokens_estimated", true);
        }
        string(g, "error_code", request.errorCode());
        string(g, "stream_error", request.streamError());
        string(g, "deployment", r.deployment());
        if (r.attempts() > 0) {
            g.writeNumberField("attempts", r.attempts());
            g.writeBooleanField("fallback", r.fallback());
        }
        string(g, "tier", request.tier());
    }

    /** A field only when it has a value: facts the request does not have are left out. */
    private static void string(JsonGenerator g, String name, @Nullable String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /**
     * Milliseconds to the microsecond, as {@link Double#toString} writes the rounded double
     * ({@code 33.788}, {@code 12.5}, {@code 0.0}) but from the whole microseconds, without
     * formatting a double. Past a few hours that notation turns to an exponent, so the double is
     * written as it was.
     */
    static void writeMillis(JsonGenerator g, double millis) throws IOException {
        long micros = Math.round(millis * 1000);
        if (micros < 0 || micros >= 10_000_000_000L) {
            g.writeNumber(micros / 1000.0);
            return;
        }
        StringBuilder text = new StringBuilder(16).append(micros / 1000).append('.');
        int fraction = (int) (micros % 1000);
        if (fraction == 0) {
            text.append('0');
        } else {
            text.append((char) ('0' + fraction / 100));
            if (fraction % 100 != 0) {
                text.append((char) ('0' + fraction / 10 % 10));
                if (fraction % 10 != 0) {
                    text.append((char) ('0' + fraction % 10));
                }
            }
        }
        g.writeNumber(text.toString());
    }

    @Override
    public String toString() {
        UsageRecord r = request.usage();
        return "request_id=" + r.requestId() + ", method=" + request.method() + ", path=" + request.path() + ", status="
                + r.status();
    }
}
