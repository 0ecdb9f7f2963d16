package dev.gatehouse.batch;

import dev.gatehouse.auth.KeyRing;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Supplier;

/** Puts the Files and Batch API on a front's router. */
public final class BatchRoutes {

    private BatchRoutes() {}

    /**
     * @param jsonBody the front's body handler for JSON requests
     * @param keys the live key ring, for authenticating callers
     */
    public static void install(Router router, BatchService service, BodyHandler jsonBody, Supplier<KeyRing> keys) {
        CallerAuth auth = new CallerAuth(keys);
        FilesEndpoint files = new FilesEndpoint(service, auth);
        BatchesEndpoint batches = new BatchesEndpoint(service, auth);
        // Uploads stream to a file under batches.dir; the ones not kept are deleted when the answer ends.
        BodyHandler upload = BodyHandler.create(service.bodies().uploads().toString())
                .setBodyLimit(service.settings().maxFileBytes())
                .setDeleteUploadedFilesOnEnd(true)
                .setMergeFormAttributes(false);
        router.post("/v1/files").handler(upload).handler(files::create).failureHandler(files::refused);
        router.get("/v1/files").handler(files::list);
        router.get("/v1/files/:id").handler(files::get);
        router.delete("/v1/files/:id").handler(files::delete);
        router.get("/v1/files/:id/content").handler(files::content);
        router.post("/v1/batches").handler(jsonBody).handler(batches::create);
        router.get("/v1/batches").handler(batches::list);
        router.get("/v1/batches/:id").handler(batches::get);
        router.post("/v1/batches/:id/cancel").handler(batches::cancel);
    }
}
