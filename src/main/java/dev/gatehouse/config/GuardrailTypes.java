package dev.gatehouse.config;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The guardrail types a build knows and how each reads its own fields of a {@code guardrails:}
 * entry. The types live above the config layer (they build guardrails), so the loader is handed
 * them; {@link #NONE} knows no type.
 */
public interface GuardrailTypes {

    GuardrailTypes NONE = new GuardrailTypes() {
        @Override
        public Set<String> names() {
            return Set.of();
        }

        @Override
        public @Nullable Object read(String type, ConfigNode node, Map<String, ProviderSettings> providers) {
            return null;
        }
    };

    Set<String> names();

    /**
     * Reads the type's own fields of {@code node} (reporting problems on it), or {@code null} when
     * {@code type} is not one of {@link #names()} or the fields are unusable.
     *
     * @param providers the config's providers, for a type that calls one
     */
    @Nullable
    Object read(String type, ConfigNode node, Map<String, ProviderSettings> providers);
}
