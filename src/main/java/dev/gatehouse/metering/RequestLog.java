package dev.gatehouse.metering;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the dashboard reads from the usage store besides reports: the latest requests a page at a
 * time, and hourly or daily totals for charts and error rates (from {@code usage_hourly} and
 * {@code usage_daily}, never the records).
 *
 * <p>Every method blocks (JDBC): call it from a worker thread, never an event loop.
 */
public interface RequestLog {

    /**
     * Which requests a page shows; a null field does not filter.
     *
     * @param outcome {@code ok} (status below 400) or {@code error}
     * @param cache a cache outcome as recorded ({@code hit}, {@code miss}, ...)
     */
    record Filter(
            @Nullable String keyId,
            @Nullable String teamId,
            @Nullable String model,
            @Nullable String outcome,
            @Nullable String cache) {

        public static final Filter NONE = new Filter(null, null, null, null, null);
    }

    /**
     * Where a page starts: after the record at this time and id in newest-first order.
     *
     * @param timeMs the last shown record's time
     * @param requestId the last shown record's id (orders records of the same millisecond)
     */
    record Cursor(long timeMs, String requestId) {

        /** The cursor as one URL-safe token: {@code <time_ms>.<request_id>}. */
        public String token() {
            return timeMs + "." + requestId;
        }

        /** The cursor of a token, or null when it is not one. */
        public static @Nullable Cursor parse(@Nullable String token) {
            if (token == null) {
                return null;
            }
            int dot = token.indexOf('.');
            if (dot <= 0 || dot == token.length() - 1) {
                return null;
            }
            try {
                return new Cursor(Long.parseLong(token.substring(0, dot)), token.substring(dot + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** A page of records, newest first, and the cursor of the next page (null on the last). */
    record Page(List<UsageRecord> records, @Nullable Cursor next) {

        public Page {
            records = List.copyOf(records);
        }
    }

    /**
     * One hour's totals.
     *
     * @param hour the hour's start
     * @param errors requests answered with status 400 or above
     * @param latencyMs the summed latency of the hour's requests
     */
    record Hour(
            Instant hour,
            long requests,
            long errors,
            long inputTokens,
            long outputTokens,
            double costUsd,
            double savedUsd,
            double latencyMs) {}

    /**
     * One UTC day's totals, from the daily rollups the usage API reports from, so they match it exactly.
     *
     * @param errors requests answered with status 400 or above
     */
    record Day(LocalDate day, long requests, long errors, double costUsd, double savedUsd) {}

    /** How long one request took at a deployment; {@code ttftMs} is null for an unstreamed answer. */
    record Timing(
            String deployment, double latencyMs, @Nullable Double ttftMs) {}

    /** The timings of the latest requests that reached a deployment since {@code since}, at most {@code limit}. */
    List<Timing> timings(Instant since, int limit);

    /** Records matching {@code filter}, newest first, after {@code after} (null for the newest), at most {@code limit}. */
    Page recent(Filter filter, @Nullable Cursor after, int limit);

    /** Hourly totals with {@code from <= hour < to}, oldest first, of one team or (null) all; hours without requests are absent. */
    List<Hour> hourly(Instant from, Instant to, @Nullable String teamId);

    /** Daily totals with {@code from <= day < to}, oldest first, of one team or (null) all; days without requests are absent. */
    List<Day> daily(LocalDate from, LocalDate to, @Nullable String teamId);
}
