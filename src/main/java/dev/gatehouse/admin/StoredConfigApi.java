package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigProblem;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ModelGroup;
import dev.gatehouse.config.StoredConfigMerge;
import dev.gatehouse.config.StoredConfigSettings;
import dev.gatehouse.configstore.EntryKind;
import dev.gatehouse.configstore.ProviderCredentials;
import dev.gatehouse.configstore.SecretBox;
import dev.gatehouse.configstore.StoredConfig;
import dev.gatehouse.configstore.StoredEntry;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/v1/providers} and {@code /admin/v1/models}: put (create or replace), get, list and
 * delete the providers and model groups kept in the store. A body is the entry as the config file
 * writes it, in JSON. Before anything is written the whole stored config with the change is merged
 * with the config file and checked by the file's own readers, so a bad entry is a 400 naming its
 * field and never reaches the gateway. Credentials are sealed apart (refused without a secrets key)
 * and answered masked. Where the file defines the same name, the file's entry is served: the write is
 * kept, and the answer says so ({@code overridden_by_file}, {@code warning}).
 */
final class StoredConfigApi {

    private static final Logger LOG = LoggerFactory.getLogger(StoredConfigApi.class);

    private final AdminServices services;
    private final AdminServices.StoredConfigs configs;
    private final EntryKind kind;

    StoredConfigApi(AdminServices services, EntryKind kind) {
        this.services = services;
        this.configs = services.storedConfigs();
        this.kind = kind;
    }

    private record Written(StoredEntry entry, boolean created) {}

    void put(RoutingContext ctx) {
        String name = ctx.pathParam("id");
        AdminCall.write(
                ctx,
                services,
                200,
                () -> {
                    ObjectNode definition = definition(ctx, name);
                    SecretBox box = configs.stored().box();
                    ProviderCredentials.Split split = kind == EntryKind.PROVIDER
                            ? ProviderCredentials.split(definition)
                            : new ProviderCredentials.Split(definition, null);
                    if (split.secrets() != null && box == null) {
                        List<String> fields = ProviderCredentials.present(definition);
                        throw new GatewayError(
                                ErrorKind.INVALID_REQUEST,
                                400,
                                "invalid_request_error",
                                "Storing a provider credential (" + String.join(", ", fields) + ") needs "
                                        + StoredConfigSettings.KEY_VARIABLE
                                        + " (base64 of 32 bytes) set on the gateway, so it is encrypted at rest.",
                                fields.get(0),
                                "secrets_key_not_set");
                    }
                    return () -> {
                        StoredConfig.Snapshot now = configs.stored().read();
                        check(with(now, name, definition), name, false);
                        String sealed = split.secrets() == null || box == null
                                ? null
                                : box.seal(split.secrets().toString(), StoredConfig.context(kind, name));
                        StoredEntry entry = new StoredEntry(
                                kind,
                                name,
                                split.open(),
                                sealed,
                                services.clock().instant());
                        boolean created = configs.stored().store().put(entry);
                        LOG.info("admin: stored {} '{}' {}", kind.wire(), name, created ? "created" : "replaced");
                        return new Written(entry, created);
                    };
                },
                written -> {
                    ctx.response().setStatusCode(written.created() ? 201 : 200);
                    return render(written.entry(), configs.base().get());
                },
                () -> configs.stored().changed());
    }

    void delete(RoutingContext ctx) {
        String name = ctx.pathParam("id");
        AdminCall.write(
                ctx,
                services,
                200,
                () -> () -> {
                    StoredConfig.Snapshot now = configs.stored().read();
                    if (configs.stored().store().find(kind, name).isEmpty()) {
                        throw AdminCall.notFound("stored " + kind.wire(), name);
                    }
                    check(with(now, name, null), name, true);
                    if (!configs.stored()
                            .store()
                            .delete(kind, name, services.clock().instant())) {
                        throw AdminCall.notFound("stored " + kind.wire(), name);
                    }
                    LOG.info("admin: stored {} '{}' deleted", kind.wire(), name);
                    return name;
                },
                deleted -> AdminCall.deleted(kind.wire(), deleted),
                () -> configs.stored().changed());
    }

    void get(RoutingContext ctx) {
        String name = ctx.pathParam("id");
        AdminCall.read(
                ctx,
                services,
                () -> {
                    GatewayConfig base = configs.base().get();
                    StoredEntry found =
                            configs.stored().store().find(kind, name).orElse(null);
                    if (found != null) {
                        return render(found, base);
                    }
                    if (inFile(base, name)) {
                        return Json.object()
                                .put("object", kind.wire())
                                .put("name", name)
                                .put("source", "file");
                    }
                    throw AdminCall.notFound(kind.wire(), name);
                },
                answer -> answer);
    }

    void list(RoutingContext ctx) {
        AdminCall.read(ctx, services, () -> configs.stored().store().all(), all -> {
            GatewayConfig base = configs.base().get();
            ObjectNode out = Json.object().put("object", "list");
            ArrayNode data = out.putArray("data");
            Set<String> stored = new LinkedHashSet<>();
            for (StoredEntry entry : all) {
                if (entry.kind() == kind) {
                    stored.add(entry.name());
                }
            }
            for (String name : fileNames(base)) {
                if (!stored.contains(name)) {
                    data.add(Json.object()
                            .put("object", kind.wire())
                            .put("name", name)
                            .put("source", "file"));
                }
            }
            for (StoredEntry entry : all) {
                if (entry.kind() == kind) {
                    data.add(render(entry, base));
                }
            }
            return out;
        });
    }

    /** The body as the definition to store: a JSON object; a model's {@code name} is the path's. */
    private ObjectNode definition(RoutingContext ctx, String name) {
        JsonNode body = Json.tryParse(ctx.body().buffer())
                .orElseThrow(() -> AdminBody.error("The request body is not valid JSON.", null, "invalid_json"));
        if (!(body instanceof ObjectNode object)) {
            throw AdminBody.error("The request body must be a JSON object.", null, "invalid_json");
        }
        if (dev.gatehouse.api.StoredText.firstNulAnywhere(object) != null) {
            throw AdminBody.error(
                    "The body contains a NUL character (\\u0000), which is not allowed.", null, "invalid_value");
        }
        if (kind == EntryKind.MODEL) {
            JsonNode given = object.get("name");
            if (given != null && !(given.isTextual() && given.textValue().equals(name))) {
                throw AdminBody.error("'name' must be the name in the path ('" + name + "').", "name", "invalid_value");
            }
            ObjectNode named = Json.object().put("name", name);
            named.setAll(object);
            return named;
        }
        return object;
    }

    /** {@code now} with this kind's entry {@code name} replaced by {@code definition}, or without it when null. */
    private StoredConfig.Snapshot with(StoredConfig.Snapshot now, String name, @Nullable ObjectNode definition) {
        List<StoredConfigMerge.Entry> providers = new ArrayList<>(now.providers());
        List<StoredConfigMerge.Entry> models = new ArrayList<>(now.models());
        List<StoredConfigMerge.Entry> mine = kind == EntryKind.PROVIDER ? providers : models;
        mine.removeIf(e -> e.name().equals(name));
        if (definition != null) {
            mine.add(new StoredConfigMerge.Entry(name, definition));
        }
        return new StoredConfig.Snapshot(now.sequence(), providers, models, List.of());
    }

    /**
     * Refuses a change the merged config would not accept: a 400 naming the field for a problem in the
     * entry itself, a 409 naming the other entry for one it causes elsewhere (a delete of a provider a
     * stored model uses).
     */
    private void check(StoredConfig.Snapshot candidate, String name, boolean deleting) {
        try {
            configs.check().merge(candidate);
        } catch (ConfigException e) {
            String own = kind == EntryKind.PROVIDER
                    ? StoredConfigMerge.providerPath(name)
                    : StoredConfigMerge.modelPath(name);
            List<ConfigProblem> problems = e.problems();
            ConfigProblem first = problems.stream()
                    .filter(p -> inside(p.path(), own))
                    .findFirst()
                    .orElse(problems.get(0));
            String message = problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; "));
            if (!deleting && inside(first.path(), own)) {
                String param = first.path().equals(own) ? null : first.path().substring(own.length() + 1);
                throw AdminBody.error("The " + kind.wire() + " is not valid: " + message + ".", param, "invalid_value");
            }
            throw new GatewayError(
                    ErrorKind.INVALID_REQUEST,
                    409,
                    "invalid_request_error",
                    "The change would leave the stored config invalid: " + message + ".",
                    first.path(),
                    kind.wire() + "_in_use");
        }
    }

    private static boolean inside(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + ".") || path.startsWith(prefix + "[");
    }

    private boolean inFile(GatewayConfig base, String name) {
        return fileNames(base).contains(name);
    }

    private List<String> fileNames(GatewayConfig base) {
        return kind == EntryKind.PROVIDER
                ? base.providers().keySet().stream().sorted().toList()
                : base.models().stream().map(ModelGroup::name).toList();
    }

    /** A stored entry as answered: its definition with credentials masked, and whether the file overrides it. */
    private ObjectNode render(StoredEntry entry, GatewayConfig base) {
        ObjectNode definition = entry.definition().deepCopy();
        String sealed = entry.sealedSecrets();
        SecretBox box = configs.stored().box();
        if (sealed != null) {
            ObjectNode secrets = null;
            if (box != null) {
                try {
                    JsonNode opened = Json.parse(box.open(sealed, StoredConfig.context(kind, entry.name())));
                    secrets = opened instanceof ObjectNode o ? o : null;
                } catch (SecretBox.CannotOpen e) {
                    secrets = null;
                }
            }
            if (secrets == null) {
                definition.set("credentials", TextNode.valueOf("sealed; they do not open with this gateway's key"));
            } else {
                definition.setAll(ProviderCredentials.masked(secrets));
            }
        }
        boolean overridden = inFile(base, entry.name());
        ObjectNode out = Json.object()
                .put("object", kind.wire())
                .put("name", entry.name())
                .put("source", "store")
                .put("overridden_by_file", overridden)
                .put("updated_at", entry.updatedAt().toString());
        if (overridden) {
            out.put(
                    "warning",
                    "The config file defines " + kind.wire() + " '" + entry.name()
                            + "' too; the file's definition is served, not this stored one.");
        }
        out.set("definition", definition);
        return out;
    }
}
