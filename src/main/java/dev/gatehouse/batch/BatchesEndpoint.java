package dev.gatehouse.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.hashing.KeyHashing;
import dev.gatehouse.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v1/batches}: create a batch from an uploaded file, read one, list the caller's (newest
 * first, {@code after} and {@code limit}), and cancel one. Another owner's id is a 404.
 */
final class BatchesEndpoint {

    /** OpenAI supports one completion window. */
    static final Map<String, Duration> WINDOWS = Map.of("24h", Duration.ofHours(24));

    private static final Set<String> FIELDS =
            Set.of("input_file_id", "endpoint", "completion_window", "metadata", "output_expires_after");

    private final BatchService service;
    private final CallerAuth auth;

    BatchesEndpoint(BatchService service, CallerAuth auth) {
        this.service = service;
        this.auth = auth;
    }

    void create(RoutingContext ctx) {
        Principal principal = auth.principal(ctx);
        if (principal == null) {
            return;
        }
        ObjectNode request;
        try {
            request = read(ctx.body().buffer());
        } catch (GatewayError e) {
            ErrorResponses.write(ctx.response(), e);
            return;
        }
        String owner = BatchOwner.of(principal);
        String inputFileId = request.get("input_file_id").asText();
        String endpoint = request.get("endpoint").asText();
        String window = request.get("completion_window").asText();
        JsonNode metadata = request.get("metadata");
        String keyHash = KeyHashing.sha256Hex(Objects.requireNonNull(CallerAuth.secret(ctx), "authenticated"));
        service.blocking(() -> {
                    BatchFile input = service.store()
                            .file(inputFileId, owner)
                            .orElseThrow(() -> FilesEndpoint.notFound(inputFileId));
                    if (!input.purpose().equals("batch")) {
                        throw GatewayError.of(
                                ErrorKind.INVALID_REQUEST,
                                "File " + inputFileId + " has purpose '" + input.purpose()
                                        + "'; a batch needs a file uploaded with purpose 'batch'.",
                                "input_file_id",
                                "invalid_value");
                    }
                    long now = service.nowMs();
                    BatchJob batch = new BatchJob(
                            BatchService.newId("batch_"),
                            owner,
                            principal.keyId(),
                            keyHash,
                            endpoint,
                            inputFileId,
                            window,
                            BatchStatus.VALIDATING,
                            metadata == null || metadata.isNull()
                                    ? null
                                    : Json.encode(metadata).toString(),
                            null,
                            null,
                            null,
                            new BatchJob.Counts(0, 0, 0),
                            now,
                            now
                                    + Objects.requireNonNull(WINDOWS.get(window), "checked by read")
                                            .toMillis(),
                            BatchJob.Times.NONE);
                    service.store().insertBatch(batch);
                    return batch;
                })
                .onSuccess(batch -> {
                    service.changed();
                    CallerAuth.json(ctx, BatchJson.batch(batch));
                })
                .onFailure(e -> CallerAuth.fail(ctx, e));
    }

    void get(RoutingContext ctx) {
        Principal principal = auth.principal(ctx);
        if (principal == null) {
            return;
        }
        String id = ctx.pathParam("id");
        service.blocking(() ->
                        service.store().batch(id, BatchOwner.of(principal)).orElseThrow(() -> notFound(id)))
                .onSuccess(batch -> CallerAuth.json(ctx, BatchJson.batch(batch)))
                .onFailure(e -> CallerAuth.fail(ctx, e));
    }

    void list(RoutingContext ctx) {
        Principal principal = auth.principal(ctx);
        if (principal == null) {
            return;
        }
        int limit;
        try {
            limit = CallerAuth.intParam(ctx, "limit", 20, 1, 100);
        } catch (GatewayError e) {
            ErrorResponses.write(ctx.response(), e);
            return;
        }
        String after = ctx.request().getParam("after");
        service.blocking(() -> service.store().batches(BatchOwner.of(principal), after, limit))
                .onSuccess(page -> CallerAuth.json(ctx, BatchJson.list(page.items(), page.hasMore(), BatchJson::batch)))
                .onFailure(e -> CallerAuth.fail(ctx, e));
    }

    /**
     * Moves a batch that is validating or running to {@code cancelling}: its runner lets the lines in
     * flight finish, runs no more, and then writes what was done and marks it {@code cancelled}.
     */
    void cancel(RoutingContext ctx) {
        Principal principal = auth.principal(ctx);
        if (principal == null) {
            return;
        }
        String id = ctx.pathParam("id");
        String owner = BatchOwner.of(principal);
        service.blocking(() -> {
                    BatchJob batch = service.store().batch(id, owner).orElseThrow(() -> notFound(id));
                    if (batch.status() == BatchStatus.CANCELLING || batch.status() == BatchStatus.CANCELLED) {
                        return batch;
                    }
                    if (!service.store()
                            .move(
                                    id,
                                    EnumSet.of(BatchStatus.VALIDATING, BatchStatus.IN_PROGRESS),
                                    BatchStatus.CANCELLING,
                                    service.nowMs())) {
                        BatchStatus now = service.store()
                                .batch(id, owner)
                                .map(BatchJob::status)
                                .orElse(batch.status());
                        throw new GatewayError(
                                ErrorKind.INVALID_REQUEST,
                                409,
                                "invalid_request_error",
                                "Cannot cancel a batch with status '" + now.wire() + "'.",
                                null,
                                "batch_not_cancellable");
                    }
                    return service.store().batch(id, owner).orElseThrow(() -> notFound(id));
                })
                .onSuccess(batch -> {
                    service.changed();
                    CallerAuth.json(ctx, BatchJson.batch(batch));
                })
                .onFailure(e -> CallerAuth.fail(ctx, e));
    }

    /** The create request, strictly: every problem a 400 naming its field. */
    private static ObjectNode read(Buffer body) {
        Optional<JsonNode> parsed = Json.tryParse(body);
        if (parsed.isEmpty() || !(parsed.get() instanceof ObjectNode request)) {
            throw GatewayError.of(
                    ErrorKind.INVALID_REQUEST, "The request body must be a JSON object.", null, "invalid_json");
        }
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw GatewayError.of(
                        ErrorKind.INVALID_REQUEST,
                        "Unrecognized request argument supplied: " + name,
                        name,
                        "unknown_parameter");
            }
        }
        requireString(request, "input_file_id");
        requireString(request, "endpoint");
        requireString(request, "completion_window");
        String endpoint = request.get("endpoint").asText();
        if (!BatchInput.ENDPOINTS.containsKey(endpoint)) {
            throw GatewayError.of(
                    ErrorKind.INVALID_REQUEST,
                    "Invalid 'endpoint': '" + endpoint + "'. Supported values are: "
                            + String.join(
                                    ", ",
                                    BatchInput.ENDPOINTS.keySet().stream()
                                            .sorted()
                                            .toList()) + ".",
                    "endpoint",
                    "invalid_value");
        }
        String window = request.get("completion_window").asText();
        if (!WINDOWS.containsKey(window)) {
            throw GatewayError.of(
                    ErrorKind.INVALID_REQUEST,
                    "Invalid 'completion_window': '" + window + "'. Supported values are: '24h'.",
                    "completion_window",
                    "invalid_value");
        }
        JsonNode metadata = request.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject() || metadata.size() > 16) {
                throw GatewayError.invalid("'metadata' must be an object of at most 16 string values.", "metadata");
            }
            metadata.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()
                        || e.getKey().length() > 64
                        || e.getValue().asText().length() > 512) {
                    throw GatewayError.invalid(
                            "'metadata." + e.getKey()
                                    + "' must be a string of at most 512 characters (keys at most 64).",
                            "metadata." + e.getKey());
                }
            });
        }
        return request;
    }

    private static void requireString(ObjectNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            throw GatewayError.of(
                    ErrorKind.INVALID_REQUEST,
                    "Missing required parameter: '" + field + "'.",
                    field,
                    "missing_required_parameter");
        }
        if (!value.isTextual()) {
            throw GatewayError.invalid("Invalid type for '" + field + "': expected a string.", field);
        }
    }

    static GatewayError notFound(String id) {
        return GatewayError.of(ErrorKind.NOT_FOUND, "No batch found with id '" + id + "'.", "id", "not_found");
    }
}
