package dev.gatehouse.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gatehouse.config.PriceOverride;
import dev.gatehouse.config.Prices;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The built-in list prices and context windows ({@code prices.yaml}). Lookups accept provider
 * model names with a vendor prefix or a date/version suffix ({@code anthropic.claude-sonnet-4-5-20250929-v1:0},
 * {@code gpt-4o-2024-08-06}) by trying the longest known name the model starts with after its
 * prefix. Immutable and thread-safe.
 */
public final class PriceTable {

    /** One model's prices and context window, and since when they apply. */
    public record Entry(
            String model, Prices prices, @Nullable Integer contextWindow, LocalDate effectiveDate) {}

    private static final PriceTable BUILT_IN = load();

    private final Map<String, Entry> byModel;
    private final LocalDate effectiveDate;

    private PriceTable(Map<String, Entry> byModel, LocalDate effectiveDate) {
        this.byModel = Map.copyOf(byModel);
        this.effectiveDate = effectiveDate;
    }

    public static PriceTable builtIn() {
        return BUILT_IN;
    }

    /**
     * This table with the config's {@code prices:} section applied: a listed model's prices replace
     * the built-in ones (keeping the built-in context window when the config gives none), and a model
     * the table does not know is added.
     */
    public PriceTable with(Map<String, PriceOverride> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        Map<String, Entry> merged = new HashMap<>(byModel);
        overrides.forEach((model, o) -> {
            Entry old = byModel.get(model);
            Integer window = o.contextWindow() != null ? o.contextWindow() : old == null ? null : old.contextWindow();
            merged.put(
                    model,
                    new Entry(
                            model, o.prices(), window, o.effectiveDate() != null ? o.effectiveDate() : effectiveDate));
        });
        return new PriceTable(merged, effectiveDate);
    }

    public LocalDate effectiveDate() {
        return effectiveDate;
    }

    /** The entry for a provider model name, or {@code null} when the table does not know it. */
    public @Nullable Entry find(@Nullable String providerModel) {
        if (providerModel == null) {
            return null;
        }
        String name = providerModel;
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        Entry exact = byModel.get(name);
        if (exact != null) {
            return exact;
        }
        Entry best = null;
        for (Map.Entry<String, Entry> e : byModel.entrySet()) {
            String known = e.getKey();
            int at = name.indexOf(known);
            boolean boundary = at >= 0
                    && (at == 0 || name.charAt(at - 1) == '.')
                    && (at + known.length() == name.length()
                            || (!Character.isLetter(name.charAt(at + known.length()))
                                    && name.charAt(at + known.length()) != '.'));
            if (boundary && (best == null || known.length() > best.model().length())) {
                best = e.getValue();
            }
        }
        return best;
    }

    private static PriceTable load() {
        try (InputStream in = PriceTable.class.getResourceAsStream("/prices.yaml")) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            Map<String, Entry> entries = new HashMap<>();
            LocalDate date = LocalDate.parse(root.path("effective_date").asText());
            root.path("models").properties().forEach(e -> {
                JsonNode p = e.getValue();
                double input = p.path("input").asDouble();
                Prices prices = new Prices(
                        input,
                        p.path("cached_input").asDouble(input),
                        p.path("cache_write").asDouble(input),
                        p.path("output").asDouble());
                Integer window =
                        p.has("context_window") ? p.path("context_window").asInt() : null;
                entries.put(e.getKey(), new Entry(e.getKey(), prices, window, date));
            });
            return new PriceTable(entries, date);
        } catch (IOException e) {
            throw new UncheckedIOException("prices.yaml is part of the jar", e);
        }
    }
}
