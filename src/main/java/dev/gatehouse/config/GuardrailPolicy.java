package dev.gatehouse.config;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which guardrails run on one scope's requests (input) and answers (output). A direction that is
 * {@code null} is not set here and is inherited from the next, wider scope; an empty list is set and
 * means none.
 */
public record GuardrailPolicy(
        @Nullable List<String> input, @Nullable List<String> output) {

    public static final GuardrailPolicy UNSET = new GuardrailPolicy(null, null);

    public GuardrailPolicy {
        input = input == null ? null : List.copyOf(input);
        output = output == null ? null : List.copyOf(output);
    }

    public boolean isUnset() {
        return input == null && output == null;
    }

    /** Reads {@code {input: [names], output: [names]}}; reports names {@code known} does not hold. */
    static GuardrailPolicy read(ConfigNode node, java.util.Set<String> known) {
        List<String> in = node.has("input") ? checked(node, "input", known) : null;
        List<String> out = node.has("output") ? checked(node, "output", known) : null;
        return new GuardrailPolicy(in, out);
    }

    private static List<String> checked(ConfigNode node, String field, java.util.Set<String> known) {
        List<String> names = node.strings(field);
        for (String name : names) {
            if (!known.contains(name)) {
                node.problem(field, "names '" + name + "', which is not in guardrails");
            }
        }
        return names;
    }
}
