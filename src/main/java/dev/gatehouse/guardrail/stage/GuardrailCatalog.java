package dev.gatehouse.guardrail.stage;

import dev.gatehouse.config.GuardrailSettings;
import dev.gatehouse.config.GuardrailsConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The guardrails of the config in force, built once per config snapshot (a reload that changes
 * {@code guardrails:} builds them again; requests under way keep the ones they started with).
 * Thread-safe: the built set is immutable and swapped whole.
 */
public final class GuardrailCatalog {

    private record Built(GuardrailsConfig source, Map<String, ArmedGuardrail> byName) {}

    private final GuardrailFactory factory;
    private volatile @Nullable Built built;

    public GuardrailCatalog(GuardrailFactory factory) {
        this.factory = factory;
    }

    /** The guardrails named {@code names} in {@code config}, in that order. */
    List<ArmedGuardrail> armed(GuardrailsConfig config, List<String> names) {
        Map<String, ArmedGuardrail> byName = of(config);
        List<ArmedGuardrail> out = new ArrayList<>(names.size());
        for (String name : names) {
            ArmedGuardrail armed = byName.get(name);
            if (armed != null) {
                out.add(armed);
            }
        }
        return out;
    }

    private Map<String, ArmedGuardrail> of(GuardrailsConfig config) {
        Built current = built;
        if (current != null
                && (current.source() == config || current.source().definitions().equals(config.definitions()))) {
            return current.byName();
        }
        Map<String, ArmedGuardrail> byName = new LinkedHashMap<>();
        for (GuardrailSettings settings : config.definitions()) {
            byName.put(settings.name(), new ArmedGuardrail(settings, factory.build(settings)));
        }
        built = new Built(config, Map.copyOf(byName));
        return byName;
    }
}
