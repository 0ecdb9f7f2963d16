package dev.gatehouse.guardrail.stage;

import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.GuardrailTypes;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.guardrail.Guardrail;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Guardrails an embedding application made itself ({@code Gatehouse.builder().guardrail(...)}),
 * beside the built-in types. A {@code guardrails:} entry of type {@code custom} names one of them by
 * its {@link Guardrail#name()}; policies then use it like any other. Without registered guardrails
 * there is no {@code custom} type, so {@code gatehouse serve} rejects such an entry.
 */
public final class RegisteredGuardrails {

    /** The type of {@code guardrails:} entries that name a registered guardrail. */
    public static final String TYPE = "custom";

    /** What a {@code custom} entry reads: nothing of its own but its name. */
    private record Custom(String name) {}

    private final Map<String, Guardrail> byName;

    /** @param byName the registered guardrails by their names */
    public RegisteredGuardrails(Map<String, Guardrail> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The built-in types, and {@code custom} when a guardrail is registered. */
    public GuardrailTypes types() {
        if (byName.isEmpty()) {
            return BuiltInGuardrails.READERS;
        }
        return new GuardrailTypes() {
            @Override
            public Set<String> names() {
                Set<String> names = new LinkedHashSet<>(BuiltInGuardrails.READERS.names());
                names.add(TYPE);
                return names;
            }

            @Override
            public @Nullable Object read(String type, ConfigNode node, Map<String, ProviderSettings> providers) {
                if (!type.equals(TYPE)) {
                    return BuiltInGuardrails.READERS.read(type, node, providers);
                }
                String name = node.string("name", true);
                node.finish();
                if (name == null) {
                    return null;
                }
                if (!byName.containsKey(name)) {
                    node.problem(
                            "name",
                            "no guardrail named '" + name + "' was registered; registered: "
                                    + String.join(", ", byName.keySet()));
                    return null;
                }
                return new Custom(name);
            }
        };
    }

    /** Builds registered guardrails for {@code custom} entries and the others with {@code builtIn}. */
    public GuardrailFactory factory(GuardrailFactory builtIn) {
        return entry -> entry.options() instanceof Custom custom
                ? Objects.requireNonNull(byName.get(custom.name()), "the reader checked the name")
                : builtIn.build(entry);
    }
}
