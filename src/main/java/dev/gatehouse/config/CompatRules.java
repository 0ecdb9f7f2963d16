package dev.gatehouse.config;

import java.util.List;
import java.util.Map;

/**
 * How a request must change for one OpenAI-compatible server: fields it rejects are dropped and
 * fields it names differently are renamed. A profile's rules, extended by the provider's own.
 *
 * @param dropParams top-level request fields removed before sending
 * @param renameParams top-level request fields renamed before sending (from → to)
 */
public record CompatRules(List<String> dropParams, Map<String, String> renameParams) {

    public static final CompatRules NONE = new CompatRules(List.of(), Map.of());

    public CompatRules {
        dropParams = List.copyOf(dropParams);
        renameParams = Map.copyOf(renameParams);
    }

    public boolean isEmpty() {
        return dropParams.isEmpty() && renameParams.isEmpty();
    }
}
