package dev.gatehouse.prompts.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads prompt definitions strictly, for the config file, the admin API and the store alike: every
 * problem is reported with its path relative to the definition, a template syntax error with its
 * character. A version is
 * {@code {"messages":[{"role","content"}], "model"?, "params"?: {...}, "variables"?: <JSON schema>}};
 * a label is a version number, {@code {"version": n}} or
 * {@code {"versions":[{"version": n, "weight": w}, ...]}}. Pure.
 */
public final class PromptDefinitions {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");
    private static final Set<String> VERSION_FIELDS = Set.of("messages", "model", "params", "variables");
    /** Body fields a template does not set through params: they have fields of their own or belong to the call. */
    private static final Set<String> NOT_PARAMS =
            Set.of("model", "messages", "input", "prompt", "stream", "stream_options", "previous_response_id");

    public static final int MAX_WEIGHT = 1_000_000;
    public static final int MAX_ARMS = 16;

    private PromptDefinitions() {}

    /** Whether {@code id} may name a template or a label: 1-64 letters, digits, '.', '_' or '-'. */
    public static boolean validName(String id) {
        return ID.matcher(id).matches();
    }

    /**
     * Reads version {@code number} from {@code def}, or returns {@code null} with the problems added.
     *
     * @param allowed more top-level fields the caller reads itself (the config's {@code version})
     */
    public static @Nullable PromptVersion version(
            int number, JsonNode def, Set<String> allowed, List<DefinitionProblem> problems) {
        if (!def.isObject()) {
            problems.add(new DefinitionProblem("", "must be an object with messages"));
            return null;
        }
        int before = problems.size();
        for (Iterator<String> it = def.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!VERSION_FIELDS.contains(f) && !allowed.contains(f)) {
                problems.add(new DefinitionProblem(f, "is not a known field (messages, model, params, variables)"));
            }
        }
        List<PromptMessage> messages = messages(def.get("messages"), problems);
        String model = null;
        JsonNode m = def.get("model");
        if (m != null && !m.isNull()) {
            if (!m.isTextual() || m.asText().isBlank()) {
                problems.add(new DefinitionProblem("model", "must be a model name"));
            } else {
                model = m.asText();
            }
        }
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        JsonNode p = def.get("params");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                problems.add(new DefinitionProblem("params", "must be an object of request fields"));
            } else {
                for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (NOT_PARAMS.contains(f)) {
                        problems.add(new DefinitionProblem("params." + f, "cannot be set by a template's params"));
                    }
                }
                params = ((ObjectNode) p).deepCopy();
            }
        }
        Set<String> names = new LinkedHashSet<>();
        messages.forEach(msg -> names.addAll(msg.content().names()));
        JsonNode written = def.get("variables");
        List<DefinitionProblem> schemaProblems = new ArrayList<>();
        VariableSchema variables =
                VariableSchema.of(written == null || written.isNull() ? null : written, names, schemaProblems);
        schemaProblems.forEach(sp -> problems.add(sp.under("variables")));
        if (problems.size() > before || variables == null) {
            return null;
        }
        return new PromptVersion(number, messages, model, params, variables);
    }

    private static List<PromptMessage> messages(@Nullable JsonNode list, List<DefinitionProblem> problems) {
        List<PromptMessage> out = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(new DefinitionProblem("messages", "must be a list of at least one {role, content}"));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = "messages[" + i + "]";
            JsonNode message = list.get(i);
            if (!message.isObject()) {
                problems.add(new DefinitionProblem(at, "must be an object with role and content"));
                continue;
            }
            for (Iterator<String> it = message.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("role") && !f.equals("content")) {
                    problems.add(new DefinitionProblem(at + "." + f, "is not a known field (role, content)"));
                }
            }
            JsonNode role = message.path("role");
            if (!role.isTextual() || !ROLES.contains(role.asText())) {
                problems.add(new DefinitionProblem(at + ".role", "must be one of system, developer, user, assistant"));
            }
            JsonNode content = message.path("content");
            if (!content.isTextual()) {
                problems.add(new DefinitionProblem(at + ".content", "must be a string"));
                continue;
            }
            try {
                TemplateText text = TemplateText.parse(content.asText());
                if (role.isTextual()) {
                    out.add(new PromptMessage(role.asText(), text));
                }
            } catch (TemplateSyntaxException e) {
                problems.add(new DefinitionProblem(at + ".content", e.problem()));
            }
        }
        return out;
    }

    /**
     * Reads a label's target, or returns {@code null} with the problems added.
     *
     * @param versions the template's version numbers, which the label must name
     */
    public static @Nullable LabelTarget label(JsonNode def, Set<Integer> versions, List<DefinitionProblem> problems) {
        if (def.isIntegralNumber()) {
            return exists(def.asInt(), "", versions, problems) ? LabelTarget.of(def.asInt()) : null;
        }
        if (!def.isObject() || def.has("version") == def.has("versions") || def.size() != 1) {
            problems.add(
                    new DefinitionProblem(
                            "",
                            "must be a version number, {\"version\": n} or {\"versions\": [{\"version\": n, \"weight\": w}, ...]}"));
            return null;
        }
        if (def.has("version")) {
            JsonNode v = def.get("version");
            if (!v.isIntegralNumber()) {
                problems.add(new DefinitionProblem("version", "must be a version number"));
                return null;
            }
            return exists(v.asInt(), "version", versions, problems) ? LabelTarget.of(v.asInt()) : null;
        }
        JsonNode arms = def.get("versions");
        if (!arms.isArray() || arms.isEmpty() || arms.size() > MAX_ARMS) {
            problems.add(new DefinitionProblem("versions", "must list 1 to " + MAX_ARMS + " {version, weight}"));
            return null;
        }
        int before = problems.size();
        List<LabelTarget.Arm> out = new ArrayList<>();
        Set<Integer> seen = new LinkedHashSet<>();
        for (int i = 0; i < arms.size(); i++) {
            String at = "versions[" + i + "]";
            JsonNode arm = arms.get(i);
            JsonNode v = arm.path("version");
            JsonNode w = arm.path("weight");
            if (!arm.isObject() || arm.size() != 2 || !v.isIntegralNumber() || !w.isIntegralNumber()) {
                problems.add(new DefinitionProblem(at, "must be {\"version\": n, \"weight\": w}"));
                continue;
            }
            if (w.asLong() < 1 || w.asLong() > MAX_WEIGHT) {
                problems.add(new DefinitionProblem(at + ".weight", "must be from 1 to " + MAX_WEIGHT));
                continue;
            }
            if (!seen.add(v.asInt())) {
                problems.add(new DefinitionProblem(at + ".version", "lists version " + v.asInt() + " twice"));
                continue;
            }
            if (exists(v.asInt(), at + ".version", versions, problems)) {
                out.add(new LabelTarget.Arm(v.asInt(), w.asInt()));
            }
        }
        return problems.size() > before ? null : new LabelTarget(out);
    }

    private static boolean exists(int version, String path, Set<Integer> versions, List<DefinitionProblem> problems) {
        if (!versions.contains(version)) {
            problems.add(
                    new DefinitionProblem(path, "names version " + version + ", which the template does not have"));
            return false;
        }
        return true;
    }
}
