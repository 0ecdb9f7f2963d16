package dev.gatehouse.routing;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.Glob;
import dev.gatehouse.config.ModelGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Resolves public model names (and aliases) to model groups. Exact names win over patterns;
 * patterns are tried in the order the config lists them. Immutable, built from one config snapshot.
 */
public final class ModelTable {

    private final Map<String, ModelGroup> exact = new HashMap<>();
    private final List<ModelGroup> patterns = new ArrayList<>();
    private final Map<String, String> providerTypes = new HashMap<>();

    public ModelTable(GatewayConfig config) {
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
     * The model ids to list: every named group and alias, plus the well-known ids a pattern serves,
     * each with the provider of its first deployment (or the strategy, for a complexity group).
     */
    public Map<String, String> listable() {
        Map<String, String> out = new TreeMap<>();
        exact.forEach((name, group) -> out.put(name, ownerOf(group)));
        for (String id : KnownModels.IDS) {
            ModelGroup group = group(id);
            if (group != null) {
                out.putIfAbsent(id, ownerOf(group));
            }
        }
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
