package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.prompts.PromptStore;
import dev.gatehouse.prompts.template.DefinitionProblem;
import dev.gatehouse.prompts.template.LabelTarget;
import dev.gatehouse.prompts.template.PromptDefinitions;
import dev.gatehouse.prompts.template.PromptTemplate;
import dev.gatehouse.prompts.template.PromptVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code /admin/v1/prompts}: create a template (optionally with its first version and labels), add a
 * version, list, get, point or move a label, delete a label or a template. Definitions are checked on
 * the event loop before anything is written (a template syntax error names its message and
 * character). Versions are immutable: {@code PUT} on one is a 409. Templates the config file defines
 * are served from the config, which wins; writes to their ids are a 409 {@code defined_in_config}.
 * Reads answer from the registry this instance serves, never the store.
 */
final class PromptsApi {

    private static final Set<String> CREATE_FIELDS = Set.of("id", "version", "labels");
    private static final Set<String> VERSION_FIELDS = Set.of("messages", "model", "params", "variables");
    private static final Set<String> LABEL_FIELDS = Set.of("version", "versions");

    private final AdminServices services;
    private final AdminServices.Prompts prompts;

    PromptsApi(AdminServices services) {
        this.services = services;
        this.prompts = services.prompts();
    }

    void create(RoutingContext ctx) {
        write(ctx, 201, () -> {
            AdminBody body = AdminBody.parse(ctx.body().buffer(), CREATE_FIELDS);
            String id = body.string("id");
            if (id == null || !PromptDefinitions.validName(id)) {
                throw AdminBody.error("'id' must be 1-64 letters, digits, '.', '_' or '-'.", "id", "invalid_value");
            }
            notFromConfig(id);
            JsonNode first = body.node().get("version");
            PromptVersion version = first == null || first.isNull() ? null : version(1, first, "version");
            Map<String, LabelTarget> labels = labels(body.node().get("labels"), version == null ? Set.of() : Set.of(1));
            return () -> {
                PromptStore store = prompts.store();
                store.create(id, services.clock().instant());
                if (version != null) {
                    store.addVersion(id, version.definition(), services.clock().instant());
                }
                labels.forEach((name, target) ->
                        store.setLabel(id, name, target, services.clock().instant()));
                return id;
            };
        });
    }

    void addVersion(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        write(ctx, 201, () -> {
            notFromConfig(id);
            AdminBody body = AdminBody.parse(ctx.body().buffer(), VERSION_FIELDS);
            // Numbered by the store; the number does not change what is checked.
            PromptVersion version = version(1, body.node(), null);
            return () -> {
                prompts.store()
                        .addVersion(id, version.definition(), services.clock().instant())
                        .orElseThrow(() -> AdminCall.notFound("prompt template", id));
                return id;
            };
        });
    }

    /** Versions are immutable: a change is a new version. */
    void refuseVersionChange(RoutingContext ctx) {
        if (!AdminCall.isAdmin(ctx, services)) {
            return;
        }
        ErrorResponses.write(
                ctx.response(),
                new GatewayError(
                        ErrorKind.INVALID_REQUEST,
                        409,
                        "invalid_request_error",
                        "Prompt template versions are immutable. Add a new version (POST /admin/v1/prompts/"
                                + ctx.pathParam("id") + "/versions) and move a label to it.",
                        null,
                        "version_immutable"));
    }

    void setLabel(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String label = ctx.pathParam("label");
        write(ctx, 200, () -> {
            notFromConfig(id);
            checkLabelName(label);
            AdminBody body = AdminBody.parse(ctx.body().buffer(), LABEL_FIELDS);
            List<DefinitionProblem> problems = new ArrayList<>();
            // Whether the versions exist is checked by the store, in the same transaction as the write.
            LabelTarget target = PromptDefinitions.label(body.node(), anyVersion(body.node()), problems);
            if (target == null) {
                throw problem(problems.get(0), null);
            }
            return () -> {
                PromptStore.LabelOutcome outcome = prompts.store()
                        .setLabel(id, label, target, services.clock().instant());
                if (outcome == PromptStore.LabelOutcome.NO_TEMPLATE) {
                    throw AdminCall.notFound("prompt template", id);
                }
                if (outcome == PromptStore.LabelOutcome.NO_VERSION) {
                    throw AdminBody.error(
                            "The label names a version that prompt template '" + id + "' does not have.",
                            "version",
                            "invalid_value");
                }
                return id;
            };
        });
    }

    void deleteLabel(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String label = ctx.pathParam("label");
        write(ctx, 200, () -> {
            notFromConfig(id);
            return () -> {
                if (!prompts.store().deleteLabel(id, label)) {
                    throw GatewayError.of(
                            ErrorKind.NOT_FOUND,
                            "Prompt template '" + id + "' has no label '" + label + "'.",
                            null,
                            "not_found");
                }
                return id;
            };
        });
    }

    void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminCall.write(
                ctx,
                services,
                200,
                () -> {
                    notFromConfig(id);
                    return () -> {
                        if (!prompts.store().delete(id)) {
                            throw AdminCall.notFound("prompt template", id);
                        }
                        return id;
                    };
                },
                deleted -> AdminCall.deleted("prompt_template", deleted),
                prompts.changed());
    }

    void list(RoutingContext ctx) {
        AdminCall.read(ctx, services, () -> prompts.registry().get(), registry -> {
            ObjectNode out = Json.object();
            ArrayNode data = out.putArray("data");
            registry.all().forEach(t -> data.add(render(t)));
            return out;
        });
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminCall.read(ctx, services, () -> served(id), PromptsApi::render);
    }

    void getVersion(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String number = ctx.pathParam("version");
        AdminCall.read(
                ctx,
                services,
                () -> {
                    PromptVersion v = number.matches("[1-9][0-9]{0,8}")
                            ? served(id).versions().get(Integer.parseInt(number))
                            : null;
                    if (v == null) {
                        throw GatewayError.of(
                                ErrorKind.NOT_FOUND,
                                "Prompt template '" + id + "' has no version " + number + ".",
                                null,
                                "not_found");
                    }
                    return v;
                },
                v -> version(id, v));
    }

    /** A write whose answer is the template as this instance serves it once it reread the store. */
    private void write(RoutingContext ctx, int status, AdminCall.Plan<String> plan) {
        AdminCall.write(ctx, services, status, plan, id -> render(served(id)), prompts.changed());
    }

    private PromptTemplate served(String id) {
        PromptTemplate t = prompts.registry().get().find(id);
        if (t == null) {
            throw AdminCall.notFound("prompt template", id);
        }
        return t;
    }

    private void notFromConfig(String id) {
        PromptTemplate t = prompts.registry().get().find(id);
        if (t != null && t.fromConfig()) {
            throw new GatewayError(
                    ErrorKind.INVALID_REQUEST,
                    409,
                    "invalid_request_error",
                    "Prompt template '" + id + "' is defined in the config file, which wins over the store for"
                            + " its ids. Change it there.",
                    "id",
                    "defined_in_config");
        }
    }

    private static void checkLabelName(String label) {
        if (!PromptDefinitions.validName(label)) {
            throw AdminBody.error("The label must be 1-64 letters, digits, '.', '_' or '-'.", "label", "invalid_value");
        }
    }

    private static PromptVersion version(int number, JsonNode def, @Nullable String prefix) {
        List<DefinitionProblem> problems = new ArrayList<>();
        PromptVersion v = PromptDefinitions.version(number, def, Set.of(), problems);
        if (v == null) {
            throw problem(problems.get(0), prefix);
        }
        return v;
    }

    private static Map<String, LabelTarget> labels(@Nullable JsonNode node, Set<Integer> versions) {
        Map<String, LabelTarget> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw AdminBody.error("'labels' must be an object of label names to versions.", "labels", "invalid_value");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            checkLabelName(e.getKey());
            List<DefinitionProblem> problems = new ArrayList<>();
            LabelTarget target = PromptDefinitions.label(e.getValue(), versions, problems);
            if (target == null) {
                throw problem(problems.get(0), "labels." + e.getKey());
            }
            out.put(e.getKey(), target);
        }
        return out;
    }

    /** Every version number the body names, so the reader checks only the shape; the store checks they exist. */
    private static Set<Integer> anyVersion(JsonNode def) {
        Set<Integer> out = new java.util.HashSet<>();
        if (def.path("version").isIntegralNumber()) {
            out.add(def.path("version").asInt());
        }
        def.path("versions").forEach(a -> out.add(a.path("version").asInt()));
        return out;
    }

    private static GatewayError problem(DefinitionProblem p, @Nullable String prefix) {
        String path = prefix == null ? p.path() : p.under(prefix).path();
        return AdminBody.error(
                (path.isEmpty() ? "The definition" : "'" + path + "'") + " " + p.message() + ".",
                path.isEmpty() ? null : path,
                "invalid_prompt");
    }

    static ObjectNode render(PromptTemplate t) {
        ObjectNode out = Json.object();
        out.put("id", t.id());
        out.put("object", "prompt_template");
        out.put("source", t.fromConfig() ? "config" : "store");
        ArrayNode versions = out.putArray("versions");
        t.versions().values().forEach(v -> versions.add(version(t.id(), v)));
        ObjectNode labels = out.putObject("labels");
        t.labels().forEach((name, target) -> labels.set(name, target.toJson()));
        return out;
    }

    private static ObjectNode version(String id, PromptVersion v) {
        ObjectNode out = Json.object();
        out.put("prompt_id", id);
        out.put("version", v.number());
        out.setAll(v.definition());
        out.set("variables", v.variables().node());
        return out;
    }
}
