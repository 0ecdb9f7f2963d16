package dev.gatehouse.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code guardrails:} definitions and the {@code guardrail_policies:} that attach them globally,
 * per model group, per team and per key.
 */
public record GuardrailsConfig(
        List<GuardrailSettings> definitions,
        GuardrailPolicy global,
        Map<String, GuardrailPolicy> models,
        Map<String, GuardrailPolicy> teams,
        Map<String, GuardrailPolicy> keys,
        int streamWindowChars) {

    /** How much of a streamed answer's text is held and checked at a time, by default. */
    public static final int DEFAULT_WINDOW_CHARS = 200;

    public static final GuardrailsConfig NONE =
            new GuardrailsConfig(List.of(), GuardrailPolicy.UNSET, Map.of(), Map.of(), Map.of(), DEFAULT_WINDOW_CHARS);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public GuardrailsConfig {
        definitions = List.copyOf(definitions);
        models = Map.copyOf(models);
        teams = Map.copyOf(teams);
        keys = Map.copyOf(keys);
    }

    public @Nullable GuardrailSettings definition(String name) {
        for (GuardrailSettings s : definitions) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    static GuardrailsConfig read(ConfigNode top, GuardrailTypes types, Map<String, ProviderSettings> providers) {
        Set<String> names = new HashSet<>();
        List<GuardrailSettings> definitions =
                top.objectList("guardrails", node -> readDefinition(node, types, providers, names));
        ConfigNode policies = top.object("guardrail_policies");
        if (policies == null) {
            return new GuardrailsConfig(
                    definitions, GuardrailPolicy.UNSET, Map.of(), Map.of(), Map.of(), DEFAULT_WINDOW_CHARS);
        }
        ConfigNode globalNode = policies.object("global");
        GuardrailPolicy global = GuardrailPolicy.UNSET;
        if (globalNode != null) {
            global = GuardrailPolicy.read(globalNode, names);
            globalNode.finish();
        }
        Map<String, GuardrailPolicy> models = scoped(policies, "models", names);
        Map<String, GuardrailPolicy> teams = scoped(policies, "teams", names);
        Map<String, GuardrailPolicy> keys = scoped(policies, "keys", names);
        int window = policies.integer("stream_window_chars", DEFAULT_WINDOW_CHARS, 1, 1_000_000);
        policies.finish();
        return new GuardrailsConfig(definitions, global, models, teams, keys, window);
    }

    private static Map<String, GuardrailPolicy> scoped(ConfigNode policies, String field, Set<String> names) {
        return new LinkedHashMap<>(policies.namedObjects(field, (id, node) -> GuardrailPolicy.read(node, names)));
    }

    private static @Nullable GuardrailSettings readDefinition(
            ConfigNode node, GuardrailTypes types, Map<String, ProviderSettings> providers, Set<String> names) {
        String name = node.string("name", true);
        String type = node.string("type", true);
        String onError = node.string("on_error", "allow").toLowerCase(Locale.ROOT);
        GuardrailSettings.OnError policy = GuardrailSettings.OnError.ALLOW;
        if (onError.equals("block")) {
            policy = GuardrailSettings.OnError.BLOCK;
        } else if (!onError.equals("allow")) {
            node.problem("on_error", "must be allow or block, got '" + onError + "'");
        }
        java.time.Duration timeout = node.duration("timeout", GuardrailSettings.DEFAULT_TIMEOUT);
        if (timeout.isZero()) {
            node.problem("timeout", "must be longer than 0");
        }
        if (name != null && !NAME.matcher(name).matches()) {
            node.problem("name", "must be 1-64 letters, digits, '.', '_' or '-'");
        } else if (name != null && !names.add(name)) {
            node.problem("name", "'" + name + "' is used by another guardrail");
        }
        if (type == null) {
            return null;
        }
        if (!types.names().contains(type)) {
            List<String> known = new ArrayList<>(types.names());
            known.sort(null);
            node.problem("type", "'" + type + "' is not a guardrail type; use one of " + String.join(", ", known));
            return null;
        }
        Object options = types.read(type, node, providers);
        return name == null || options == null ? null : new GuardrailSettings(name, type, policy, timeout, options);
    }
}
