package dev.gatehouse.server;

import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The client-API endpoints that carry model traffic, served straight from the HTTP server's request
 * handler: a POST to one of their paths finds its handler with one map lookup. vert.x-web's router
 * tries its routes in turn and builds a routing context per request, its own work 4.5% of the
 * governed event loop's samples (BENCHMARKS.md, session 13). Any other request, and
 * these paths spelled otherwise ({@code /v1/chat/completions/}) or with another method, goes to the
 * router, where the same handlers are installed, so it answers them as before (405, 404, normalized
 * paths). Event loop only.
 */
final class ClientApiRoutes {

    private final Map<String, Handler<HttpServerRequest>> posts = new HashMap<>();
    private final LongSupplier maxBodyBytes;
    private final ClientConnections connections;
    private final GatewayClock clock;

    /** @param maxBodyBytes the largest JSON body accepted now ({@code server.max_body_size}) */
    ClientApiRoutes(LongSupplier maxBodyBytes, ClientConnections connections, GatewayClock clock) {
        this.maxBodyBytes = maxBodyBytes;
        this.connections = connections;
        this.clock = clock;
    }

    /** Serves POSTs to {@code path} with {@code api}, once their JSON body is read whole. */
    ClientApiRoutes json(String path, ApiHandler api) {
        posts.put(path, request -> WholeBody.read(request, maxBodyBytes.getAsLong(), connections, clock, api::handle));
        return this;
    }

    /** Serves POSTs to {@code path} with {@code upload}, which streams the body on. */
    ClientApiRoutes upload(String path, UploadReceiver upload) {
        posts.put(path, upload::handle);
        return this;
    }

    /** Installs the same handlers in {@code router}, for the requests {@link #serve} leaves to it. */
    void installInto(Router router) {
        posts.forEach((path, handler) -> router.post(path).handler(ctx -> handler.handle(ctx.request())));
    }

    /**
     * Serves {@code request} if it is a POST to one of these paths.
     *
     * @return false if the request is left to the router
     */
    boolean serve(HttpServerRequest request) {
        if (!HttpMethod.POST.equals(request.method())) {
            return false;
        }
        Handler<HttpServerRequest> handler = posts.get(request.path());
        if (handler == null) {
            return false;
        }
        try {
            handler.handle(request);
        } catch (RuntimeException failure) {
            // What the router's 500 handler does for the routed requests.
            HttpLayerErrors.write(request, HttpLayerErrors.handlerFailed(request, failure));
        }
        return true;
    }
}
