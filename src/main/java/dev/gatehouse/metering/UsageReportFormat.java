package dev.gatehouse.metering;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Writes a usage report as JSON (the admin API) or CSV (chargeback exports and the CLI). */
public final class UsageReportFormat {

    private UsageReportFormat() {}

    public static ObjectNode json(UsageQuery query, List<UsageReportRow> rows) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("object", "usage_report");
        ArrayNode data = body.putArray("data");
        for (UsageReportRow r : rows) {
            ObjectNode row = data.addObject();
            if (query.bucket() != null) {
                row.put("bucket", r.bucket());
            }
            r.dimensions().forEach((d, v) -> row.put(d.apiName(), v));
            row.put("requests", r.requests());
            row.put("input_tokens", r.inputTokens());
            row.put("cached_tokens", r.cachedTokens());
            row.put("cache_write_tokens", r.cacheWriteTokens());
            row.put("output_tokens", r.outputTokens());
            row.put("reasoning_tokens", r.reasoningTokens());
            row.put("cost_usd", usd(r.costUsd()));
            row.put("unpriced_requests", r.unpriced());
            row.put("saved_usd", usd(r.savedUsd()));
        }
        return body;
    }

    public static String csv(UsageQuery query, List<UsageReportRow> rows) {
        StringBuilder out = new StringBuilder();
        if (query.bucket() != null) {
            out.append("bucket,");
        }
        for (UsageDimension d : query.groupBy()) {
            out.append(d.apiName()).append(',');
        }
        out.append("requests,input_tokens,cached_tokens,cache_write_tokens,output_tokens,reasoning_tokens,cost_usd,"
                + "unpriced_requests,saved_usd\r\n");
        for (UsageReportRow r : rows) {
            if (query.bucket() != null) {
                out.append(field(r.bucket())).append(',');
            }
            for (UsageDimension d : query.groupBy()) {
                out.append(field(r.dimensions().get(d))).append(',');
            }
            out.append(r.requests())
                    .append(',')
                    .append(r.inputTokens())
                    .append(',')
                    .append(r.cachedTokens())
                    .append(',')
                    .append(r.cacheWriteTokens())
                    .append(',')
                    .append(r.outputTokens())
                    .append(',')
                    .append(r.reasoningTokens())
                    .append(',')
                    .append(usd(r.costUsd()).toPlainString())
                    .append(',')
                    .append(r.unpriced())
                    .append(',')
                    .append(usd(r.savedUsd()).toPlainString())
                    .append("\r\n");
        }
        return out.toString();
    }

    /**
     * Dollars to the micro-dollar, so sums of binary doubles print as the decimals they stand for; a
     * cost below half a micro-dollar keeps three significant digits instead, so a priced request
     * never reads as free.
     */
    static BigDecimal usd(double value) {
        BigDecimal exact = BigDecimal.valueOf(value);
        BigDecimal micros = exact.setScale(6, RoundingMode.HALF_EVEN);
        if (micros.signum() == 0 && exact.signum() != 0) {
            return exact.round(new MathContext(3, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        }
        return micros.stripTrailingZeros();
    }

    /** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
    private static String field(@Nullable String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
