package dev.gatehouse.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads one model's prices (a deployment's {@code prices:}, an entry of the top-level {@code prices:}
 * section, a row of the built-in table): {@code input} and {@code output} are required;
 * {@code cached_input} and {@code cache_write} default to {@code input}, {@code cache_write_1h} to
 * {@code cache_write}, {@code reasoning} to {@code output}. {@code tiers} lists the rates of prompts
 * {@code above} a number of tokens; a class a tier leaves out keeps its ratio to the tier's input (or
 * output, for reasoning) from the base rates, which is how every vendor's long-context pricing is built.
 * The caller finishes the node.
 */
final class PricesReader {

    private static final double MAX = 1_000_000;

    private PricesReader() {}

    static Prices read(ConfigNode node) {
        Prices base = rates(node, null);
        List<Prices.Tier> tiers = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        for (Prices.Tier t : node.objectList("tiers", tier -> tier(tier, base))) {
            if (seen.contains(t.above())) {
                node.problem("tiers", "has two tiers above " + t.above() + " tokens");
            }
            seen.add(t.above());
            tiers.add(t);
        }
        return new Prices(
                base.input(),
                base.cachedInput(),
                base.cacheWrite(),
                base.cacheWrite1h(),
                base.output(),
                base.reasoning(),
                tiers,
                units(node));
    }

    /** The unit prices of a row: {@code search_unit}, {@code per_minute}, {@code per_character}, {@code per_image}. */
    private static UnitPrices units(ConfigNode node) {
        double search = node.number("search_unit", 0, 0, MAX);
        double minute = node.number("per_minute", 0, 0, MAX);
        double character = node.number("per_character", 0, 0, MAX);
        double image = 0;
        Map<String, Double> bySize = new LinkedHashMap<>();
        if (node.isObject("per_image")) {
            ConfigNode sizes = node.object("per_image");
            if (sizes != null) {
                for (String key : sizes.fieldNames()) {
                    double price = sizes.number(key, 0, 0, MAX);
                    if (key.equals("default")) {
                        image = price;
                    } else {
                        bySize.put(key, price);
                    }
                }
                sizes.finish();
            }
        } else {
            image = node.number("per_image", 0, 0, MAX);
        }
        return new UnitPrices(search, minute, character, image, bySize);
    }

    /** Whether a row names a unit price, so it may leave out the token prices (an image or audio model). */
    private static boolean hasUnitPrice(ConfigNode node) {
        return node.has("search_unit") || node.has("per_minute") || node.has("per_character") || node.has("per_image");
    }

    private static Prices.Tier tier(ConfigNode node, Prices base) {
        long above = node.integer("above", 0, 1, Integer.MAX_VALUE);
        if (!node.has("above")) {
            node.problem(null, "needs above (the prompt size in tokens this tier starts after)");
        }
        return new Prices.Tier(above, rates(node, base));
    }

    /** The rates of {@code node}; for a tier, {@code base} gives the ratios of the classes it omits. */
    private static Prices rates(ConfigNode node, @Nullable Prices base) {
        double input = node.number("input", 0, 0, MAX);
        double output = node.number("output", 0, 0, MAX);
        if ((!node.has("input") || !node.has("output")) && (base != null || !hasUnitPrice(node))) {
            node.problem(
                    null,
                    "needs input and output (USD per million tokens), or a unit price"
                            + " (search_unit, per_minute, per_character, per_image)");
        }
        double cached = node.number(
                "cached_input", scaled(base == null ? 1 : ratio(base.cachedInput(), base.input()), input), 0, MAX);
        double write = node.number(
                "cache_write", scaled(base == null ? 1 : ratio(base.cacheWrite(), base.input()), input), 0, MAX);
        double write1h = node.number(
                "cache_write_1h",
                base == null ? write : scaled(ratio(base.cacheWrite1h(), base.input()), input),
                0,
                MAX);
        double reasoning = node.number(
                "reasoning", base == null ? output : scaled(ratio(base.reasoning(), base.output()), output), 0, MAX);
        return new Prices(input, cached, write, write1h, output, reasoning, List.of());
    }

    private static double ratio(double part, double whole) {
        return whole == 0 ? 1 : part / whole;
    }

    /** Rounded to 1e-9 dollars per million, so 0.1 x 6 reads as 0.6. */
    private static double scaled(double ratio, double value) {
        return Math.round(ratio * value * 1e9) / 1e9;
    }
}
