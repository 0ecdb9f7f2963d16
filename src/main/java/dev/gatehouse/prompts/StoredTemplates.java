package dev.gatehouse.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.prompts.template.DefinitionProblem;
import dev.gatehouse.prompts.template.LabelTarget;
import dev.gatehouse.prompts.template.PromptDefinitions;
import dev.gatehouse.prompts.template.PromptTemplate;
import dev.gatehouse.prompts.template.PromptVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns stored rows into templates. The admin API checks every definition before storing it, so a
 * row that no longer reads (written by a later version with fields this one does not know) is left
 * out with a warning instead of failing the whole registry. Pure but for the log.
 */
final class StoredTemplates {

    private static final Logger LOG = LoggerFactory.getLogger(StoredTemplates.class);

    private StoredTemplates() {}

    static List<PromptTemplate> read(List<PromptStore.StoredTemplate> rows) {
        List<PromptTemplate> out = new ArrayList<>();
        for (PromptStore.StoredTemplate row : rows) {
            PromptTemplate t = read(row);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    static @Nullable PromptTemplate read(PromptStore.StoredTemplate row) {
        List<DefinitionProblem> problems = new ArrayList<>();
        TreeMap<Integer, PromptVersion> versions = new TreeMap<>();
        for (PromptStore.StoredVersion v : row.versions()) {
            PromptVersion version = PromptDefinitions.version(v.version(), v.definition(), Set.of(), problems);
            if (version != null) {
                versions.put(v.version(), version);
            }
        }
        Map<String, LabelTarget> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> l : row.labels().entrySet()) {
            LabelTarget target = PromptDefinitions.label(l.getValue(), versions.keySet(), problems);
            if (target != null) {
                labels.put(l.getKey(), target);
            }
        }
        if (!problems.isEmpty()) {
            LOG.warn("prompt template '{}' in the store has unreadable parts, left out: {}", row.id(), problems);
        }
        return new PromptTemplate(row.id(), versions, labels, false);
    }
}
