package dev.gatehouse.ui;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** How the dashboard writes money, counts, shares and times (UTC, as the usage API does). */
final class Format {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Format() {}

    /** Dollars to the cent, rounded half up: {@code $1,234.57}. */
    static String usd(double dollars) {
        BigDecimal cents = BigDecimal.valueOf(dollars).setScale(2, RoundingMode.HALF_UP);
        NumberFormat f = NumberFormat.getNumberInstance(Locale.US);
        f.setMinimumFractionDigits(2);
        f.setMaximumFractionDigits(2);
        return (cents.signum() < 0 ? "-$" : "$") + f.format(cents.abs());
    }

    static String usd(@Nullable Double dollars) {
        return dollars == null ? "unpriced" : usd(dollars.doubleValue());
    }

    static String count(long n) {
        return NumberFormat.getIntegerInstance(Locale.US).format(n);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    static String millis(double ms) {
        return Double.isNaN(ms) ? "–" : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    static String time(@Nullable Instant at) {
        return at == null ? "–" : TIME.format(at);
    }

    static String orDash(@Nullable Object o) {
        return o == null || o.toString().isEmpty() ? "–" : o.toString();
    }
}
