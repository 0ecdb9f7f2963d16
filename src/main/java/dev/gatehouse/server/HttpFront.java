package dev.gatehouse.server;

import dev.gatehouse.admin.AdminRoutes;
import dev.gatehouse.api.AudioUploadValidator;
import dev.gatehouse.api.ChatRequestValidator;
import dev.gatehouse.api.CompletionsRequestValidator;
import dev.gatehouse.api.EmbeddingsRequestValidator;
import dev.gatehouse.api.ImagesRequestValidator;
import dev.gatehouse.api.RerankRequestValidator;
import dev.gatehouse.api.SpeechRequestValidator;
import dev.gatehouse.api.anthropic.AnthropicRequestReader;
import dev.gatehouse.api.responses.ResponsesRequestReader;
import dev.gatehouse.batch.BatchRoutes;
import dev.gatehouse.dispatch.UpstreamClient;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.mcp.McpEndpoint;
import dev.gatehouse.pipeline.Pipeline;
import dev.gatehouse.time.GatewayClock;
import dev.gatehouse.ui.UiRoutes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One HTTP front: a server on the shared port with its own pipeline and upstream connection pool,
 * all on one event loop. The gateway deploys one per core.
 */
final class HttpFront extends VerticleBase {

    private final FrontParts parts;
    private final Supplier<GatewayState> state;
    private final int port;
    // Set by start(); Vert.x calls stop() and the handlers only on a started verticle.
    @SuppressWarnings("NullAway.Init")
    private UpstreamClient upstream;

    @SuppressWarnings("NullAway.Init")
    private HttpServer server;

    @SuppressWarnings("NullAway.Init")
    private ClientConnections connections;

    /** @param port the port to listen on; 0 for any free one (then see {@link #actualPort}) */
    HttpFront(FrontParts parts, int port) {
        this.parts = parts;
        this.state = parts.state();
        this.port = port;
    }

    /** The port this front listens on, once started. */
    int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        GatewayClock clock = parts.clock();
        upstream = new UpstreamClient(vertx, clock);
        Pipeline pipeline = Stages.of(Stages.Parts.of(parts, upstream));
        OpenAiReplyWriter openAi = new OpenAiReplyWriter();
        ApiHandler chat = new ApiHandler(pipeline, ChatRequestValidator::validate, openAi, state, clock);
        ApiHandler embeddings = new ApiHandler(pipeline, EmbeddingsRequestValidator::validate, openAi, state, clock);
        ApiHandler messages =
                new ApiHandler(pipeline, new AnthropicRequestReader(true), new AnthropicReplyWriter(), state, clock);
        ApiHandler completions = new ApiHandler(pipeline, CompletionsRequestValidator::validate, openAi, state, clock);
        ApiHandler rerank = new ApiHandler(pipeline, RerankRequestValidator::validate, openAi, state, clock);
        ApiHandler speech = new ApiHandler(pipeline, SpeechRequestValidator::validate, openAi, state, clock);
        ApiHandler images = new ApiHandler(pipeline, ImagesRequestValidator::validate, openAi, state, clock);
        UploadReceiver transcriptions = new UploadReceiver(
                new ApiHandler(pipeline, AudioUploadValidator::transcriptions, openAi, state, clock),
                () -> state.get().config().server().maxUploadBytes(),
                () -> state.get().config().server().maxBodyBytes(),
                clock);
        UploadReceiver translations = new UploadReceiver(
                new ApiHandler(pipeline, AudioUploadValidator::translations, openAi, state, clock),
                () -> state.get().config().server().maxUploadBytes(),
                () -> state.get().config().server().maxBodyBytes(),
                clock);
        ApiHandler responses = new ApiHandler(
                pipeline,
                new ResponsesRequestReader(),
                new ResponsesReplyWriter(parts.responses(), clock),
                state,
                clock);
        ResponsesHandler kept = new ResponsesHandler(state, parts.responses());
        CountTokensHandler countTokens = new CountTokensHandler(state);
        ModelsHandler models = new ModelsHandler(state);
        McpEndpoint mcp = new McpEndpoint(
                parts.mcp(),
                () -> state.get().keys(),
                McpEndpoint.parts(
                        parts.mcp(),
                        parts.counters()::limiter,
                        parts.recorder(),
                        parts.metrics().toolCalls(),
                        parts.tracing(),
                        clock));
        var settings = state.get().config().server();

        connections =
                new ClientConnections(vertx, () -> state.get().config().server().connections(), parts.connections());
        ClientApiRoutes api = new ClientApiRoutes(
                        () -> state.get().config().server().maxBodyBytes(), connections, clock)
                .json("/v1/chat/completions", chat)
                .json("/v1/embeddings", embeddings)
                .json("/v1/messages", messages)
                .json("/v1/completions", completions)
                .json("/v1/rerank", rerank)
                .json("/v1/audio/speech", speech)
                .json("/v1/images/generations", images)
                .json("/v1/responses", responses)
                // Streamed to the provider, never read whole.
                .upload("/v1/audio/transcriptions", transcriptions)
                .upload("/v1/audio/translations", translations);
        Router router = Router.router(vertx);
        router.route().failureHandler(ctx -> {
            if (connections.failedInTransport(ctx.request(), ctx.failure())) {
                HttpLayerErrors.undecodableBody(ctx.request(), ctx.failure());
            } else {
                ctx.next();
            }
        });
        // Preallocated to the request's Content-Length (Vert.x caps it at 64 KB and at the limit): by
        // default every body starts in a 1 KB buffer and is copied into a larger one as it grows.
        BodyHandler body =
                BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()).setPreallocateBodyBuffer(true);
        api.installInto(router);
        router.get("/v1/responses/:id").handler(kept::get);
        router.delete("/v1/responses/:id").handler(kept::delete);
        router.get("/v1/responses/:id/input_items").handler(kept::inputItems);
        router.post("/v1/messages/count_tokens").handler(body).handler(countTokens::handle);
        router.get("/v1/models").handler(models::list);
        router.post("/mcp").handler(body).handler(mcp::post);
        router.get("/mcp").handler(mcp::get);
        router.delete("/mcp").handler(mcp::delete);
        router.getWithRegex("/v1/models/(.+)").handler(models::get);
        if (parts.batches() != null) {
            BatchRoutes.install(router, parts.batches(), body, () -> state.get().keys());
        }
        if (parts.admin() != null) {
            AdminRoutes.install(router, parts.admin());
        }
        if (parts.ui() != null) {
            UiRoutes.install(router, parts.ui());
        }
        router.get("/metrics").handler(new MetricsEndpoint(parts.metrics(), state)::handle);
        router.get("/healthz").handler(ctx -> status(ctx, 200, "ok"));
        // Not ready until the warm-up has run the request path once (see Rehearsal), nor once a shutdown
        // began; still serving meanwhile.
        router.get("/readyz").handler(ctx -> {
            Readiness now = parts.ready().get();
            status(ctx, now.status, now.text);
        });
        installErrorHandlers(router, settings.maxBodyBytes());

        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(settings.host())
                .setPort(port)
                .setTcpNoDelay(true)
                .setCompressionSupported(false)
                // HTTP/1.1 only. With h2c on, Vert.x reports a connection only once it has sniffed the
                // protocol from the first bytes, so a connection that never sends a whole head would
                // escape the header timeout; and an HTTP/2 connection multiplexes requests, which the
                // per-connection timeouts do not model.
                .setHttp2ClearTextEnabled(false)
                .setMaxHeaderSize(HttpLayerErrors.MAX_HEADER_BYTES)
                .setMaxInitialLineLength(HttpLayerErrors.MAX_REQUEST_LINE_BYTES)
                .setIdleTimeout(0));
        connections.start();
        return server.connectionHandler(connections::opened)
                .invalidRequestHandler(HttpLayerErrors::invalidRequest)
                .requestHandler(request -> {
                    connections.requestArrived(request);
                    if (!api.serve(request)) {
                        router.handle(request);
                    }
                })
                .listen();
    }

    /**
     * Stops accepting connections and closes each open one once its request is answered; a
     * connection still answering after {@code timeout} is closed as it is. Completes when every
     * connection is closed. Requests under way keep the upstream client until {@link #stop}.
     */
    Future<Void> drain(Duration timeout) {
        return server.shutdown(timeout);
    }

    /** Closes the connections a {@link #drain} is still waiting for, on this front's event loop. */
    Future<Integer> cut() {
        Promise<Integer> closed = Promise.promise();
        context.runOnContext(v -> closed.complete(connections.closeAll()));
        return closed.future();
    }

    @Override
    public Future<?> stop() {
        Objects.requireNonNull(connections, "start() creates it, and Vert.x stops only a started verticle")
                .stop();
        return Objects.requireNonNull(upstream, "start() creates the client, and Vert.x stops only a started verticle")
                .close();
    }

    private static void status(RoutingContext ctx, int code, String status) {
        ctx.response()
                .setStatusCode(code)
                .putHeader("content-type", "application/json")
                .end("{\"status\":\"" + status + "\"}");
    }

    private static void installErrorHandlers(Router router, long maxBodyBytes) {
        router.errorHandler(
                404,
                ctx -> writeError(
                        ctx,
                        GatewayError.of(
                                ErrorKind.NOT_FOUND,
                                "Unknown request URL: " + ctx.request().method() + " "
                                        + ctx.request().path() + ".",
                                null,
                                "unknown_url")));
        router.errorHandler(
                405,
                ctx -> writeError(
                        ctx,
                        GatewayError.of(
                                ErrorKind.METHOD_NOT_ALLOWED,
                                "Method " + ctx.request().method() + " is not allowed for "
                                        + ctx.request().path() + ".",
                                null,
                                "method_not_allowed")));
        router.errorHandler(413, ctx -> writeError(ctx, HttpLayerErrors.bodyTooLarge(maxBodyBytes)));
        router.errorHandler(400, ctx -> writeError(ctx, GatewayError.invalid("The request could not be read.", null)));
        router.errorHandler(
                500,
                ctx -> writeError(
                        ctx,
                        HttpLayerErrors.handlerFailed(
                                ctx.request(),
                                ctx.failure() == null
                                        ? new IllegalStateException("a handler failed without an exception")
                                        : ctx.failure())));
    }

    private static void writeError(RoutingContext ctx, GatewayError error) {
        HttpLayerErrors.write(ctx.request(), error);
    }
}
