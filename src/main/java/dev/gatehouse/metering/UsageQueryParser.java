package dev.gatehouse.metering;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a usage report's parameters as the admin API and the CLI take them: {@code from}, {@code to}
 * (an instant like {@code 2025-10-01T12:00:00Z} or a date, meaning its midnight UTC), one filter per
 * dimension ({@code key_id}, {@code user_id}, {@code team_id}, {@code model}, {@code provider},
 * {@code tag}, {@code cache}, {@code prompt_id}, {@code prompt_version}, {@code prompt_arm}), {@code group_by} (a comma list of dimensions) and {@code bucket}
 * ({@code hour}, {@code day}, {@code month}).
 */
public final class UsageQueryParser {

    private UsageQueryParser() {}

    /**
     * @param params parameter name to value; absent or blank values are ignored
     * @throws IllegalArgumentException naming the parameter that is wrong
     */
    public static UsageQuery parse(Map<String, String> params) {
        Instant from = time(params, "from");
        Instant to = time(params, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("'from' must be before 'to'");
        }
        Map<UsageDimension, String> filters = new LinkedHashMap<>();
        for (UsageDimension d : UsageDimension.values()) {
            String v = value(params, d.apiName());
            if (v != null) {
                if (d == UsageDimension.PROMPT_VERSION && !v.matches("[1-9][0-9]{0,8}")) {
                    throw new IllegalArgumentException("'prompt_version' must be a version number, got '" + v + "'");
                }
                filters.put(d, v);
            }
        }
        List<UsageDimension> groupBy = new ArrayList<>();
        String group = value(params, "group_by");
        if (group != null) {
            for (String name : group.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                UsageDimension d = UsageDimension.parse(name);
                if (d == null) {
                    throw new IllegalArgumentException(
                            "'group_by' has unknown dimension '" + name.trim()
                                    + "'; use key_id, user_id, team_id, model, provider, tag, cache, prompt_id, prompt_version or prompt_arm");
                }
                if (!groupBy.contains(d)) {
                    groupBy.add(d);
                }
            }
        }
        String bucket = value(params, "bucket");
        UsageQuery.Bucket b = null;
        if (bucket != null) {
            try {
                b = UsageQuery.Bucket.valueOf(bucket.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'bucket' must be hour, day or month, got '" + bucket + "'");
            }
        }
        return new UsageQuery(from, to, filters, groupBy, b);
    }

    private static @Nullable String value(Map<String, String> params, String name) {
        String v = params.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static @Nullable Instant time(Map<String, String> params, String name) {
        String v = value(params, name);
        if (v == null) {
            return null;
        }
        try {
            return v.length() == 10
                    ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + name + "' must be a date (2025-10-01) or an instant (2025-10-01T12:00:00Z), got '" + v + "'");
        }
    }
}
