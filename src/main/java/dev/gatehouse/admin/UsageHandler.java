package dev.gatehouse.admin;

import dev.gatehouse.api.StoredText;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.metering.UsageQuery;
import dev.gatehouse.metering.UsageQueryParser;
import dev.gatehouse.metering.UsageReportFormat;
import dev.gatehouse.metering.UsageReportRow;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /admin/v1/usage} for admin keys: a usage report (see {@link UsageQueryParser} for the
 * parameters) as JSON, or as CSV with {@code format=csv} or {@code Accept: text/csv}. The query runs
 * on a worker thread; the event loop only parses and writes.
 */
final class UsageHandler {

    private final AdminServices services;

    UsageHandler(AdminServices services) {
        this.services = services;
    }

    void report(RoutingContext ctx) {
        if (!AdminAccess.allowed(ctx, services.keys().get())) {
            return;
        }
        Map<String, String> params = new HashMap<>();
        ctx.queryParams().forEach(e -> params.put(e.getKey(), e.getValue()));
        // A NUL reaching a PostgreSQL query fails it; this filter could never match a stored value anyway.
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (StoredText.hasNul(p.getKey()) || StoredText.hasNul(p.getValue())) {
                String name = p.getKey().replace("\0", "");
                ErrorResponses.write(
                        ctx.response(),
                        AdminBody.error(
                                "'" + name + "' contains a NUL character (\\u0000), which is not allowed.",
                                name,
                                "invalid_value"));
                return;
            }
        }
        UsageQuery query;
        try {
            query = UsageQueryParser.parse(params);
        } catch (IllegalArgumentException e) {
            String problem = Objects.requireNonNull(e.getMessage(), "UsageQueryParser names the wrong parameter");
            ErrorResponses.write(ctx.response(), GatewayError.invalid(problem, null));
            return;
        }
        String accept = ctx.request().getHeader("accept");
        boolean csv = "csv".equalsIgnoreCase(params.get("format"))
                || accept != null && accept.toLowerCase().contains("text/csv");
        ctx.vertx()
                .<List<UsageReportRow>>executeBlocking(() -> services.usage().report(query), false)
                .onComplete(done -> {
                    if (done.failed()) {
                        ErrorResponses.write(
                                ctx.response(),
                                GatewayError.of(
                                        ErrorKind.UNAVAILABLE,
                                        "The usage store is unavailable: "
                                                + done.cause().getMessage(),
                                        null,
                                        "usage_store_unavailable"));
                    } else if (csv) {
                        ctx.response()
                                .putHeader("content-type", "text/csv; charset=utf-8")
                                .putHeader("content-disposition", "attachment; filename=\"usage.csv\"")
                                .end(UsageReportFormat.csv(query, done.result()));
                    } else {
                        ctx.response()
                                .putHeader("content-type", "application/json")
                                .end(Json.encode(UsageReportFormat.json(query, done.result())));
                    }
                });
    }
}
