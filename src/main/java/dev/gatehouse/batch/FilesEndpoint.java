package dev.gatehouse.batch;

import dev.gatehouse.auth.Principal;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code /v1/files}: upload a batch input file (multipart, {@code purpose=batch}, validated line by
 * line before it is kept), list, read, download and delete the caller's files. Another owner's id is
 * a 404, as is an unknown one. Store and disk work runs on workers.
 */
final class FilesEndpoint {

    private final BatchService service;
    private final CallerAuth auth;

    FilesEndpoint(BatchService service, CallerAuth auth) {
        this.service = service;
        this.auth = auth;
    }

    void create(RoutingContext ctx) {
        Principal principal = auth.principal(ctx);
        if (principal == null) {
            return;
        }
        String purpose = ctx.request().getFormAttribute("purpose");
        String formFile = ctx.request().getFormAttribute("file");
        FileUpload upload = ctx.fileUploads().stream()
                .filter(f -> f.name().equals("file"))
                .findFirst()
                .orElse(null);
        if (purpose == null) {
            ErrorResponses.write(ctx.response(), missing("purpose"));
        } else if (!purpose.equals("batch")) {
            ErrorResponses.write(
                    ctx.response(),
                    GatewayError.of(
                            ErrorKind.INVALID_REQUEST,
                            "Invalid purpose '" + purpose + "': this gateway keeps files for purpose 'batch' only.",
                            "purpose",
                            "invalid_value"));
        } else if (upload != null) {
            String filename = upload.fileName().isEmpty() ? "upload.jsonl" : upload.fileName();
            keep(ctx, principal, Path.of(upload.uploadedFileName()), filename, upload.size());
        } else if (formFile != null) {
            // A part sent without a filename arrives as a form field (small ones only: the server's
            // form attribute limit); it is taken like a file so such clients work too.
            byte[] bytes = formFile.getBytes(StandardCharsets.UTF_8);
            service.blocking(() -> service.bodies().upload(bytes))
                    .onSuccess(path -> keep(ctx, principal, path, "upload.jsonl", bytes.length))
                    .onFailure(e -> CallerAuth.fail(ctx, e));
        } else {
            ErrorResponses.write(ctx.response(), missing("file"));
        }
    }

    private void keep(RoutingContext ctx, Principal principal, Path uploaded, String filename, long size) {
        String id = BatchService.newId("file-");
        service.blocking(() -> {
                    try (InputStream in = Files.newInputStream(uploaded)) {
                        BatchInput.scan(in, line -> {});
                    } catch (GatewayError e) {
                        Files.deleteIfExists(uploaded);
                        throw e;
                    }
                    service.bodies().adopt(id, uploaded);
                    BatchFile file =
                            new BatchFile(id, BatchOwner.of(principal), "batch", filename, size, service.nowMs());
                    service.store().insertFile(file);
                    return file;
                })
                .onSuccess(file -> CallerAuth.json(ctx, BatchJson.file(file)))
                .onFailure(e -> CallerAuth.fail(ctx, e));
    }

    /** The body handler refused the upload (past {@code max_file_bytes}, or not a form), or a handler failed. */
    void refused(RoutingContext ctx) {
        if (ctx.statusCode() != 413 && ctx.statusCode() != 400) {
            CallerAuth.fail(ctx, ctx.failure() == null ? new IllegalStateException("upload failed") : ctx.failure());
            return;
        }
        GatewayError error = ctx.statusCode() == 413
                ? GatewayError.of(
                        ErrorKind.PAYLOAD_TOO_LARGE,
                        "The file is larger than the limit of "
                                + service.settings().maxFileBytes() + " bytes.",
                        "file",
                        "file_too_large")
                : GatewayError.invalid("The upload could not be read as multipart/form-data.", "file");
        // The rest of a refused upload is unread, so the connection cannot carry another request.
        ErrorResponses.write(ctx.response(), error)
                .onComplete(done -> ctx.request().connection().close());
    }

    void list(RoutingContext ctx) {
        Principal principal = auth.principal(ctx);
        if (principal == null) {
            return;
        }
        String order = ctx.request().getParam("order", "desc");
        if (!order.equals("asc") && !order.equals("desc")) {
            ErrorResponses.write(
                    ctx.response(),
                    GatewayError.of(
                            ErrorKind.INVALID_REQUEST,
                            "Invalid value: '" + order + "'. Supported values are: 'asc' and 'desc'.",
                            "order",
                            "invalid_value"));
            return;
        }
        int limit;
        try {
            limit = CallerAuth.intParam(ctx, "limit", 10_000, 1, 10_000);
        } catch (GatewayError e) {
            ErrorResponses.write(ctx.response(), e);
            return;
        }
        String purpose = ctx.request().getParam("purpose");
        String after = ctx.request().getParam("after");
        service.blocking(() ->
                        service.store().files(BatchOwner.of(principal), purpose, after, limit, order.equals("asc")))
                .onSuccess(page -> CallerAuth.json(ctx, BatchJson.list(page.items(), page.hasMore(), BatchJson::file)))
                .onFailure(e -> CallerAuth.fail(ctx, e));
    }

    void get(RoutingContext ctx) {
        Principal principal = auth.principal(ctx);
        if (principal == null) {
            return;
        }
        String id = ctx.pathParam("id");
        service.blocking(
                        () -> service.store().file(id, BatchOwner.of(principal)).orElseThrow(() -> notFound(id)))
                .onSuccess(file -> CallerAuth.json(ctx, BatchJson.file(file)))
                .onFailure(e -> CallerAuth.fail(ctx, e));
    }

    void content(RoutingContext ctx) {
        Principal principal = auth.principal(ctx);
        if (principal == null) {
            return;
        }
        String id = ctx.pathParam("id");
        service.blocking(() -> service.store()
                        .file(id, BatchOwner.of(principal))
                        .map(f -> service.bodies().path(f.id()))
                        .orElseThrow(() -> notFound(id)))
                .onSuccess(path -> ctx.response()
                        .putHeader("content-type", "application/octet-stream")
                        .sendFile(path.toString())
                        .onFailure(e -> {
                            if (ctx.response().headWritten()) {
                                ctx.response().reset();
                            } else {
                                CallerAuth.fail(ctx, e);
                            }
                        }))
                .onFailure(e -> CallerAuth.fail(ctx, e));
    }

    void delete(RoutingContext ctx) {
        Principal principal = auth.principal(ctx);
        if (principal == null) {
            return;
        }
        String id = ctx.pathParam("id");
        service.blocking(() -> {
                    if (!service.store().deleteFile(id, BatchOwner.of(principal))) {
                        throw notFound(id);
                    }
                    service.bodies().delete(id);
                    return id;
                })
                .onSuccess(deleted -> CallerAuth.json(ctx, BatchJson.fileDeleted(deleted)))
                .onFailure(e -> CallerAuth.fail(ctx, e));
    }

    static GatewayError notFound(String id) {
        return GatewayError.of(ErrorKind.NOT_FOUND, "No such File object: " + id, "id", "not_found");
    }

    private static GatewayError missing(String field) {
        return GatewayError.of(
                ErrorKind.INVALID_REQUEST,
                "Missing required parameter: '" + field + "'.",
                field,
                "missing_required_parameter");
    }
}
