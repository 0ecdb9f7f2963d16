package dev.gatehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.prompts.template.DefinitionProblem;
import dev.gatehouse.prompts.template.LabelTarget;
import dev.gatehouse.prompts.template.PromptDefinitions;
import dev.gatehouse.prompts.template.PromptTemplate;
import dev.gatehouse.prompts.template.PromptVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code prompts:}: a list of {@code {id, versions: [{version, messages, model?, params?,
 * variables?}], labels: {name: target}}}. Definitions are read by the same strict reader as the admin
 * API's, each problem reported under its path in the file. Template texts are taken as written:
 * {@code ${ENV}} is not substituted inside them.
 */
final class PromptsReader {

    private PromptsReader() {}

    static List<PromptTemplate> read(ConfigNode top) {
        Set<String> ids = new HashSet<>();
        return top.objectList("prompts", node -> template(node, ids));
    }

    private static @Nullable PromptTemplate template(ConfigNode node, Set<String> ids) {
        String id = node.string("id", true);
        if (id != null && !PromptDefinitions.validName(id)) {
            node.problem("id", "must be 1-64 letters, digits, '.', '_' or '-'");
        } else if (id != null && !ids.add(id)) {
            node.problem("id", "'" + id + "' is used by another prompt");
        }
        TreeMap<Integer, PromptVersion> versions = new TreeMap<>();
        JsonNode list = node.raw("versions");
        if (!list.isArray() || list.isEmpty()) {
            node.problem("versions", "must be a list of at least one version");
        } else {
            for (int i = 0; i < list.size(); i++) {
                String at = "versions[" + i + "]";
                JsonNode def = list.get(i);
                JsonNode number = def.path("version");
                if (!number.isIntegralNumber() || number.asLong() < 1 || number.asLong() > Integer.MAX_VALUE) {
                    node.problem(at + ".version", "must be a version number (1 or more)");
                    continue;
                }
                if (versions.containsKey(number.asInt())) {
                    node.problem(at + ".version", "version " + number.asInt() + " is defined twice");
                    continue;
                }
                List<DefinitionProblem> problems = new ArrayList<>();
                PromptVersion v = PromptDefinitions.version(number.asInt(), def, Set.of("version"), problems);
                report(node, at, problems);
                if (v != null) {
                    versions.put(v.number(), v);
                }
            }
        }
        Map<String, LabelTarget> labels = new LinkedHashMap<>();
        JsonNode map = node.raw("labels");
        if (!map.isMissingNode() && !map.isObject()) {
            node.problem("labels", "must be a mapping of label names to versions");
        } else if (map.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> label = it.next();
                String at = "labels." + label.getKey();
                if (!PromptDefinitions.validName(label.getKey())) {
                    node.problem(at, "is not a label name (1-64 letters, digits, '.', '_' or '-')");
                    continue;
                }
                List<DefinitionProblem> problems = new ArrayList<>();
                LabelTarget target = PromptDefinitions.label(label.getValue(), versions.keySet(), problems);
                report(node, at, problems);
                if (target != null) {
                    labels.put(label.getKey(), target);
                }
            }
        }
        return id == null ? null : new PromptTemplate(id, versions, labels, true);
    }

    private static void report(ConfigNode node, String at, List<DefinitionProblem> problems) {
        for (DefinitionProblem p : problems) {
            node.problem(p.under(at).path(), p.message());
        }
    }
}
