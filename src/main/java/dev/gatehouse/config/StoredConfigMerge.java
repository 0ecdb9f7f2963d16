package dev.gatehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds the providers and models kept in the store to a validated config (the file's, or one built in
 * code), reading each stored definition with the same readers and checks as the file's entries, so a
 * stored entry is exactly as strict as a written one. The base wins where both define a name; what it
 * hides is listed. A stored provider sits at path {@code providers.<name>}, a stored model at
 * {@code models.<name>}, so a problem names the entry it is in.
 *
 * <p>Stored values are literal: {@code ${...}} in them is not substituted (an admin API call must not
 * read the gateway's files, environment or Vault).
 */
public final class StoredConfigMerge {

    /** One stored definition: the JSON of a {@code providers.<name>} or {@code models[]} entry, secrets included. */
    public record Entry(String name, ObjectNode definition) {}

    /** The merged config, and the stored names the base also defines (so the base's are served). */
    public record Merged(GatewayConfig config, Set<String> shadowedProviders, Set<String> shadowedModels) {}

    private StoredConfigMerge() {}

    public static String providerPath(String name) {
        return "providers." + name;
    }

    public static String modelPath(String name) {
        return "models." + name;
    }

    /** {@code base} with the stored entries it does not define; every problem found, with its path. */
    public static Merged merge(GatewayConfig base, List<Entry> providers, List<Entry> models) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        EnvSubstitution literal = new EnvSubstitution(Map.of());
        Set<String> shadowedProviders = new LinkedHashSet<>();
        Map<String, ProviderSettings> allProviders = new LinkedHashMap<>(base.providers());
        for (Entry entry : providers) {
            if (base.providers().containsKey(entry.name())) {
                shadowedProviders.add(entry.name());
                continue;
            }
            ConfigNode node =
                    new ConfigNode(escaped(entry.definition()), providerPath(entry.name()), problems, literal);
            ProviderSettings read =
                    ConfigLoader.readProvider(entry.name(), node, base.server().streamIdleTimeout());
            node.finish();
            if (read != null) {
                allProviders.put(entry.name(), read);
            }
        }
        ModelGroupReader groups =
                new ModelGroupReader(allProviders, base.server().streamIdleTimeout(), base.cache());
        List<ModelGroup> allModels = new ArrayList<>();
        Set<String> baseNames = new LinkedHashSet<>();
        for (int i = 0; i < base.models().size(); i++) {
            ModelGroup group = base.models().get(i);
            groups.reserve(group, "models[" + i + "]");
            allModels.add(group);
            baseNames.add(group.name());
        }
        Set<String> shadowedModels = new LinkedHashSet<>();
        for (Entry entry : models) {
            if (baseNames.contains(entry.name())) {
                shadowedModels.add(entry.name());
                continue;
            }
            ConfigNode node = new ConfigNode(escaped(entry.definition()), modelPath(entry.name()), problems, literal);
            ModelGroup read = groups.read(node);
            node.finish();
            if (read != null) {
                allModels.add(read);
            }
        }
        groups.checkLinks(allModels, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException("stored config", problems);
        }
        GatewayConfig merged =
                base.toBuilder().providers(allProviders).models(allModels).build();
        return new Merged(merged, shadowedProviders, shadowedModels);
    }

    /** A copy whose strings read back as written: {@code ${} becomes {@code $${}, which substitution turns back. */
    private static ObjectNode escaped(ObjectNode definition) {
        ObjectNode copy = definition.deepCopy();
        escapeIn(copy);
        return copy;
    }

    private static void escapeIn(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<String> names = new ArrayList<>();
            fields.forEachRemaining(f -> names.add(f.getKey()));
            for (String name : names) {
                JsonNode value = object.get(name);
                if (value.isTextual()) {
                    object.set(name, TextNode.valueOf(value.textValue().replace("${", "$${")));
                } else {
                    escapeIn(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    array.set(i, TextNode.valueOf(value.textValue().replace("${", "$${")));
                } else {
                    escapeIn(value);
                }
            }
        }
    }
}
