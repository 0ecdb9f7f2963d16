package dev.gatehouse.routing;

import dev.gatehouse.config.DeploymentSettings;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.Glob;
import dev.gatehouse.config.ModelGroup;
import dev.gatehouse.usage.PriceTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Resolves public model names (and aliases) to model groups. Exact names win over patterns;
 * patterns are tried in the order the config lists them. Immutable, built from one config snapshot.
 *
 * <p>A pattern cannot be enumerated, so the ids it lists are the known ones it matches: OpenAI's
 * well-known ids ({@link KnownModels}), and the price table's ids and aliases of the provider its
 * deployments are (a {@code claude-*} group on an Anthropic provider lists Anthropic's models).
 */
public final class ModelTable {

    private final Map<String, ModelGroup> exact = new HashMap<>();
    private final List<ModelGroup> patterns = new ArrayList<>();
    private final Map<String, String> providerTypes = new HashMap<>();
    /** The known ids patterns serve, with their owner; computed once, since listing runs per call. */
    private final Map<String, String> patternIds = new TreeMap<>();

    /** A table whose patterns list the built-in price table's ids (with the config's prices). */
    public ModelTable(GatewayConfig config) {
        this(config, PriceTable.builtIn().with(config.usage().prices()));
    }

    public ModelTable(GatewayConfig config, PriceTable prices) {
        for (ModelGroup group : config.models()) {
            if (group.isPattern()) {
                patterns.add(group);
            } else {
                exact.putIfAbsent(group.name(), group);
            }
            for (String alias : group.aliases()) {
                exact.putIfAbsent(alias, group);
            }
        }
        config.providers().forEach((name, p) -> providerTypes.put(name, p.type().configName()));
        for (String id : KnownModels.IDS) {
            ModelGroup group = group(id);
            if (group != null && group.isPattern()) {
                patternIds.put(id, ownerOf(group));
            }
        }
        prices.rows().forEach((id, entry) -> addPriced(id, entry));
        prices.aliases().forEach((alias, id) -> {
            PriceTable.Entry entry = prices.rows().get(id);
            if (entry != null) {
                addPriced(alias, entry);
            }
        });
    }

    /** Lists a price table id when the pattern serving it has a deployment of the id's provider. */
    private void addPriced(String id, PriceTable.Entry entry) {
        ModelGroup group = group(id);
        if (group == null || !group.isPattern()) {
            return;
        }
        for (DeploymentSettings d : group.deployments()) {
            String block = priceBlock(providerTypes.get(d.provider()));
            // A price the operator added under prices: names a model they serve, whatever the provider.
            if (entry.provider().equals(block) || entry.source().equals("config")) {
                patternIds.putIfAbsent(id, ownerOf(group));
                return;
            }
        }
    }

    /** The price table block a provider type's models are listed under (Azure serves OpenAI's). */
    private static @Nullable String priceBlock(@Nullable String providerType) {
        return "azure".equals(providerType) ? "openai" : providerType;
    }

    /** The group serving {@code model}, or {@code null} when no name, alias or pattern matches. */
    public @Nullable ModelGroup group(String model) {
        ModelGroup match = exact.get(model);
        if (match != null) {
            return match;
        }
        for (ModelGroup pattern : patterns) {
            if (Glob.matches(pattern.name(), model)) {
                return pattern;
            }
        }
        return null;
    }

    /**
     * The model ids to list: every named group and alias, plus the known ids a pattern serves,
     * each with the provider of its first deployment (or the strategy, for a complexity group).
     */
    public Map<String, String> listable() {
        Map<String, String> out = new TreeMap<>();
        exact.forEach((name, group) -> out.put(name, ownerOf(group)));
        patternIds.forEach(out::putIfAbsent);
        return out;
    }

    /** Who serves {@code model} (its group's first provider), or {@code null} when nothing does. */
    public @Nullable String owner(String model) {
        ModelGroup group = group(model);
        return group == null ? null : ownerOf(group);
    }

    private static String ownerOf(ModelGroup group) {
        return group.deployments().isEmpty()
                ? "gatehouse"
                : group.deployments().get(0).provider();
    }
}
