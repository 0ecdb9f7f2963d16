package dev.gatehouse.metering;

import java.time.LocalDate;

/**
 * The day ({@code 2025-10-01}) and hour ({@code 2025-10-01T13}, UTC) a time falls in, as the rollups
 * and the records' {@code day} column store them. The store thread asks for two per record, and the
 * records of a batch nearly always share their hour, so the last hour is remembered rather than
 * formatted again (formatting through {@code DateTimeFormatter} and the zone rules was a tenth of
 * the store thread's Java time). Thread-safe.
 */
final class RollupPeriods {

    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 24 * HOUR_MS;

    private record Hour(long startMs, String day, String hour) {}

    private static volatile Hour last = of(0);

    private RollupPeriods() {}

    static String day(long timeMs) {
        return at(timeMs).day();
    }

    static String hour(long timeMs) {
        return at(timeMs).hour();
    }

    private static Hour at(long timeMs) {
        Hour h = last;
        if (timeMs >= h.startMs() && timeMs - h.startMs() < HOUR_MS) {
            return h;
        }
        h = of(timeMs);
        last = h;
        return h;
    }

    private static Hour of(long timeMs) {
        String day = LocalDate.ofEpochDay(Math.floorDiv(timeMs, DAY_MS)).toString();
        int hourOfDay = (int) (Math.floorMod(timeMs, DAY_MS) / HOUR_MS);
        return new Hour(Math.floorDiv(timeMs, HOUR_MS) * HOUR_MS, day, day + (hourOfDay < 10 ? "T0" : "T") + hourOfDay);
    }
}
