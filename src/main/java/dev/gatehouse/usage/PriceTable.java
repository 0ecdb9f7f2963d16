package dev.gatehouse.usage;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.PriceOverride;
import dev.gatehouse.config.PriceSheet;
import dev.gatehouse.config.Prices;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The price of every model id the gateway knows: the built-in table ({@code prices.yaml}) with the
 * config's {@code prices:} section applied. A lookup is exact: the id as given, then an alias of the
 * table ({@code gpt-4o} names the snapshot it serves today), then the same two for the id a
 * {@linkplain ProviderModelIds provider id rule} rewrites it to. An id matching none of these is
 * unpriced; it is never priced as the longest known name it happens to start with. Immutable and
 * thread-safe.
 */
public final class PriceTable {

    /**
     * One model's row.
     *
     * @param source the pricing page the row cites, or {@code config} for a {@code prices:} entry
     */
    public record Entry(
            String model,
            Prices prices,
            @Nullable Integer contextWindow,
            LocalDate effectiveDate,
            String source,
            String provider) {}

    /**
     * How a lookup found its row.
     *
     * @param alias the alias that named the row, or {@code null} when the id was the row's own
     * @param rule the provider id rule that rewrote the id, or {@code null} when none did
     */
    public record Match(
            String requested,
            Entry entry,
            @Nullable String alias,
            @Nullable String rule) {}

    static final String CONFIG_SOURCE = "config";

    private static final PriceTable BUILT_IN = load();

    private final Map<String, Entry> rows;
    private final Map<String, String> aliases;
    private final LocalDate effectiveDate;

    private PriceTable(Map<String, Entry> rows, Map<String, String> aliases, LocalDate effectiveDate) {
        this.rows = Map.copyOf(rows);
        this.aliases = Map.copyOf(aliases);
        this.effectiveDate = effectiveDate;
    }

    public static PriceTable builtIn() {
        return BUILT_IN;
    }

    /** A table of exactly these rows and aliases (the built-in one is {@link #builtIn()}). */
    public static PriceTable of(PriceSheet sheet) {
        Map<String, Entry> rows = new LinkedHashMap<>();
        for (PriceSheet.Row r : sheet.rows()) {
            rows.put(
                    r.id(),
                    new Entry(r.id(), r.prices(), r.contextWindow(), r.effectiveDate(), r.source(), r.provider()));
        }
        LocalDate newest = rows.values().stream()
                .map(Entry::effectiveDate)
                .max(Comparator.naturalOrder())
                .orElse(LocalDate.EPOCH);
        return new PriceTable(rows, sheet.aliases(), newest);
    }

    /**
     * This table with the config's {@code prices:} section applied. An entry is a row under its exact
     * id: it replaces the row of that id or adds one, keeping the context window of the row the id
     * finds today when the config gives none. An entry named like an alias answers for that name
     * only; the row the alias names keeps its price.
     */
    public PriceTable with(Map<String, PriceOverride> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        Map<String, Entry> merged = new LinkedHashMap<>(rows);
        overrides.forEach((model, o) -> {
            Entry old = find(model);
            Integer window = o.contextWindow() != null ? o.contextWindow() : old == null ? null : old.contextWindow();
            LocalDate date = o.effectiveDate() != null ? o.effectiveDate() : effectiveDate;
            merged.put(model, new Entry(model, o.prices(), window, date, CONFIG_SOURCE, CONFIG_SOURCE));
        });
        return new PriceTable(merged, aliases, effectiveDate);
    }

    /** The newest effective date of the built-in rows: the date of a {@code prices:} entry that names none. */
    public LocalDate effectiveDate() {
        return effectiveDate;
    }

    /** The row of a provider model id, or {@code null} when it is unpriced. */
    public @Nullable Entry find(@Nullable String providerModel) {
        Match m = lookup(providerModel);
        return m == null ? null : m.entry();
    }

    /** The row of a provider model id and how it was found, or {@code null} when it is unpriced. */
    public @Nullable Match lookup(@Nullable String providerModel) {
        if (providerModel == null || providerModel.isEmpty()) {
            return null;
        }
        Match direct = exactOrAlias(providerModel, providerModel, null);
        if (direct != null) {
            return direct;
        }
        ProviderModelIds.Rewritten rewritten = ProviderModelIds.rewrite(providerModel);
        if (rewritten == null) {
            return null;
        }
        if (rewritten.regionalId() != null) {
            Match regional = exactOrAlias(providerModel, rewritten.regionalId(), "bedrock regional endpoint");
            if (regional != null) {
                return regional;
            }
        }
        return exactOrAlias(providerModel, rewritten.id(), rewritten.rule());
    }

    /** The alias names and the ids they stand for. */
    public Map<String, String> aliases() {
        return aliases;
    }

    /** Every row, by id. */
    public Map<String, Entry> rows() {
        return rows;
    }

    private @Nullable Match exactOrAlias(String requested, String id, @Nullable String rule) {
        Entry exact = rows.get(id);
        if (exact != null) {
            return new Match(requested, exact, null, rule);
        }
        String target = aliases.get(id);
        Entry aliased = target == null ? null : rows.get(target);
        return aliased == null ? null : new Match(requested, aliased, id, rule);
    }

    private static PriceTable load() {
        try (InputStream in = PriceTable.class.getResourceAsStream("/prices.yaml")) {
            if (in == null) {
                throw new IllegalStateException("prices.yaml is part of the jar");
            }
            return of(PriceSheet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "prices.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException("prices.yaml is part of the jar", e);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
