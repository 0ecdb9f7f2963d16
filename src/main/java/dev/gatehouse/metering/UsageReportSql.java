package dev.gatehouse.metering;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of one usage report. Day and month buckets (and reports without buckets) read the daily
 * rollups when the range is whole days and no tag is involved, since rollups hold one row per day
 * and dimension set instead of one per request; hour buckets, tags and partial days read the records.
 */
record UsageReportSql(String text, List<Object> parameters) {

    static UsageReportSql of(UsageQuery q, boolean postgres) {
        // The rollups are not kept per tag, cache outcome or prompt: a report by those reads the records.
        boolean rolledUp = q.filters().keySet().stream().allMatch(UsageDimension::inRollups)
                && q.groupBy().stream().allMatch(UsageDimension::inRollups);
        boolean rollups = rolledUp && q.bucket() != UsageQuery.Bucket.HOUR && wholeDay(q.from()) && wholeDay(q.to());
        return rollups ? rollups(q) : records(q, postgres);
    }

    private static UsageReportSql rollups(UsageQuery q) {
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (q.from() != null) {
            where.add("d.day >= ?");
            params.add(JdbcUsageStore.day(q.from().toEpochMilli()));
        }
        if (q.to() != null) {
            where.add("d.day < ?");
            params.add(JdbcUsageStore.day(q.to().toEpochMilli()));
        }
        for (Map.Entry<UsageDimension, String> f : q.filters().entrySet()) {
            where.add("d." + f.getKey().column() + " = ?");
            params.add(f.getValue());
        }
        String bucket =
                q.bucket() == null ? null : q.bucket() == UsageQuery.Bucket.DAY ? "d.day" : "substr(d.day, 1, 7)";
        return new UsageReportSql(
                assemble(
                        bucket,
                        q.groupBy(),
                        "d",
                        "SUM(d.requests)",
                        "SUM(d.input_tokens)",
                        "SUM(d.cached_tokens)",
                        "SUM(d.cache_write_tokens)",
                        "SUM(d.output_tokens)",
                        "SUM(d.reasoning_tokens)",
                        "SUM(d.cost_usd)",
                        "SUM(d.unpriced)",
                        "SUM(d.saved_usd)",
                        "usage_daily d",
                        where),
                params);
    }

    private static UsageReportSql records(UsageQuery q, boolean postgres) {
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (q.from() != null) {
            where.add("r.time_ms >= ?");
            params.add(q.from().toEpochMilli());
        }
        if (q.to() != null) {
            where.add("r.time_ms < ?");
            params.add(q.to().toEpochMilli());
        }
        for (Map.Entry<UsageDimension, String> f : q.filters().entrySet()) {
            where.add((f.getKey() == UsageDimension.TAG ? "t." : "r.")
                    + f.getKey().column() + " = ?");
            // An integer column: PostgreSQL does not compare it with a text parameter.
            params.add(
                    f.getKey() == UsageDimension.PROMPT_VERSION
                            ? (Object) Integer.valueOf(f.getValue())
                            : f.getValue());
        }
        String bucket = q.bucket() == null
                ? null
                : switch (q.bucket()) {
                    case HOUR ->
                        postgres
                                ? "to_char(to_timestamp(r.time_ms / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:00:00\"Z\"')"
                                : "strftime('%Y-%m-%dT%H:00:00Z', r.time_ms / 1000, 'unixepoch')";
                    case DAY -> "r.day";
                    case MONTH -> "substr(r.day, 1, 7)";
                };
        boolean tags =
                q.filters().containsKey(UsageDimension.TAG) || q.groupBy().contains(UsageDimension.TAG);
        String from = "usage_records r" + (tags ? " LEFT JOIN usage_tags t ON t.request_id = r.request_id" : "");
        return new UsageReportSql(
                assemble(
                        bucket,
                        q.groupBy(),
                        "r",
                        "COUNT(*)",
                        "SUM(r.input_tokens)",
                        "SUM(r.cached_tokens)",
                        "SUM(r.cache_write_tokens)",
                        "SUM(r.output_tokens)",
                        "SUM(r.reasoning_tokens)",
                        "COALESCE(SUM(r.cost_usd), 0)",
                        "SUM(CASE WHEN r.cost_usd IS NULL THEN 1 ELSE 0 END)",
                        "COALESCE(SUM(r.saved_usd), 0)",
                        from,
                        where),
                params);
    }

    private static String assemble(
            @Nullable String bucket,
            List<UsageDimension> groupBy,
            String alias,
            String requests,
            String input,
            String cached,
            String cacheWrite,
            String output,
            String reasoning,
            String cost,
            String unpriced,
            String saved,
            String from,
            List<String> where) {
        List<String> select = new ArrayList<>();
        List<String> group = new ArrayList<>();
        if (bucket != null) {
            select.add(bucket + " AS bucket");
            group.add(bucket);
        }
        for (UsageDimension d : groupBy) {
            String col = (d == UsageDimension.TAG ? "t." : alias + ".") + d.column();
            select.add(col + " AS " + d.column());
            group.add(col);
        }
        select.add(requests + " AS requests");
        select.add(input + " AS input_tokens");
        select.add(cached + " AS cached_tokens");
        select.add(cacheWrite + " AS cache_write_tokens");
        select.add(output + " AS output_tokens");
        select.add(reasoning + " AS reasoning_tokens");
        select.add(cost + " AS cost_usd");
        select.add(unpriced + " AS unpriced");
        select.add(saved + " AS saved_usd");
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(String.join(", ", select))
                .append(" FROM ")
                .append(from);
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        if (!group.isEmpty()) {
            sql.append(" GROUP BY ")
                    .append(String.join(", ", group))
                    .append(" ORDER BY ")
                    .append(String.join(", ", group));
        }
        return sql.toString();
    }

    private static boolean wholeDay(@Nullable Instant t) {
        return t == null || t.atOffset(ZoneOffset.UTC).toLocalTime().equals(LocalTime.MIDNIGHT);
    }
}
