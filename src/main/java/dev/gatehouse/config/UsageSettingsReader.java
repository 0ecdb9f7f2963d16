package dev.gatehouse.config;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Reads the top-level {@code prices:} and {@code usage:} sections. */
final class UsageSettingsReader {

    private UsageSettingsReader() {}

    static UsageSettings read(ConfigNode top, Path dataDir) {
        UsageSettings d = UsageSettings.defaults(dataDir);
        Map<String, PriceOverride> prices = prices(top);
        ConfigNode node = top.object("usage");
        if (node == null) {
            return new UsageSettings(prices, d.enabled(), d.spoolDir(), d.batchSize(), d.flushInterval(), null, false);
        }
        String audit = node.string("audit_file", false);
        UsageSettings s = new UsageSettings(
                prices,
                node.bool("enabled", d.enabled()),
                Path.of(node.string("spool_dir", d.spoolDir().toString())),
                node.integer("batch_size", d.batchSize(), 1, 10_000),
                node.duration("flush_interval", d.flushInterval()),
                audit == null ? null : Path.of(audit),
                node.bool("audit_content", false));
        node.finish();
        return s;
    }

    /** The top-level {@code prices:} section, by model id. */
    static Map<String, PriceOverride> prices(ConfigNode top) {
        return top.namedObjects("prices", UsageSettingsReader::price);
    }

    private static PriceOverride price(String model, ConfigNode node) {
        Integer window = node.has("context_window") ? node.integer("context_window", 0, 1, 100_000_000) : null;
        LocalDate date = null;
        String text = node.string("effective_date", false);
        if (text != null) {
            try {
                date = LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                node.problem("effective_date", "must be a date like 2025-10-01, got '" + text + "'");
            }
        }
        Prices prices = PricesReader.read(node);
        return new PriceOverride(prices, window, date);
    }
}
