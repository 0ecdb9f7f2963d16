package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RollupPeriodsTest {

    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    @Test
    void namesTheSameDayAndHourAsTheFormatter() {
        SplittableRandom random = new SplittableRandom(20);
        long[] edges = {
            0,
            -1,
            3_599_999,
            3_600_000,
            86_399_999,
            86_400_000,
            Instant.parse("2025-12-31T23:59:59.999Z").toEpochMilli()
        };
        for (long t : edges) {
            check(t);
            check(t + 1);
        }
        long t = Instant.parse("2025-10-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 10_000; i++) {
            // Mostly forward in small steps, as records come, sometimes a jump either way.
            t += i % 100 == 0 ? random.nextLong(-40L * 86_400_000, 40L * 86_400_000) : random.nextLong(0, 900_000);
            check(t);
        }
    }

    private static void check(long timeMs) {
        String hour = HOUR.format(Instant.ofEpochMilli(timeMs));
        assertThat(RollupPeriods.hour(timeMs)).as("hour of %d", timeMs).isEqualTo(hour);
        assertThat(RollupPeriods.day(timeMs)).as("day of %d", timeMs).isEqualTo(hour.substring(0, 10));
    }
}
