package dev.gatehouse.prompts;

import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.prompts.template.PromptTemplate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Every template requests can render, by id: the config file's and the store's, the config's winning
 * for the ids it defines. Immutable; part of the gateway state snapshot, so a request renders from one
 * version of it and never reads the store.
 */
public final class PromptRegistry {

    /** The registry of the state snapshot the request runs under. Seeded on every exchange. */
    public static final Exchange.Key<PromptRegistry> KEY = Exchange.Key.of("prompt-registry");

    public static final PromptRegistry EMPTY = new PromptRegistry(Map.of(), Set.of());

    private final Map<String, PromptTemplate> templates;
    private final Set<String> shadowed;

    private PromptRegistry(Map<String, PromptTemplate> templates, Set<String> shadowed) {
        this.templates = templates;
        this.shadowed = shadowed;
    }

    /** The config's templates over the stored ones. */
    public static PromptRegistry of(List<PromptTemplate> configured, List<PromptTemplate> stored) {
        if (configured.isEmpty() && stored.isEmpty()) {
            return EMPTY;
        }
        Map<String, PromptTemplate> byId = new TreeMap<>();
        stored.forEach(t -> byId.put(t.id(), t));
        Map<String, PromptTemplate> shadowed = new LinkedHashMap<>();
        for (PromptTemplate t : configured) {
            PromptTemplate previous = byId.put(t.id(), t);
            if (previous != null) {
                shadowed.put(t.id(), previous);
            }
        }
        return new PromptRegistry(Map.copyOf(byId), Set.copyOf(shadowed.keySet()));
    }

    public @Nullable PromptTemplate find(String id) {
        return templates.get(id);
    }

    /** Every template, ordered by id. */
    public Collection<PromptTemplate> all() {
        return new TreeMap<>(templates).values();
    }

    /** Ids the store holds but the config defines too, so the store's template is not served. */
    public Set<String> shadowed() {
        return shadowed;
    }
}
