package dev.gatehouse.server;

import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.admin.AdminRoutes;
import dev.gatehouse.admin.AdminServices;
import dev.gatehouse.api.ChatRequestValidator;
import dev.gatehouse.api.EmbeddingsRequestValidator;
import dev.gatehouse.api.anthropic.AnthropicRequestReader;
import dev.gatehouse.budget.ChargeBudgets;
import dev.gatehouse.budget.Pricing;
import dev.gatehouse.idempotency.Idempotency;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.InternalErrors;
import dev.gatehouse.pipeline.Pipeline;
import dev.gatehouse.metering.Meter;
import dev.gatehouse.observability.RequestObserver;
import java.util.List;
import dev.gatehouse.dispatch.Dispatch;
import dev.gatehouse.dispatch.UpstreamClient;
import dev.gatehouse.ratelimit.EnforceLimits;
import dev.gatehouse.metering.Account;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP front: a server on the shared port with its own pipeline and upstream connection pool,
 * all on one event loop. The gateway deploys one per core.
 */
final class HttpFront extends VerticleBase {

    private final GatewayServer gateway;
    private final Supplier<GatewayState> state;
    private final int port;
    private @Nullable UpstreamClient upstream;
    private @Nullable HttpServer server;

    HttpFront(GatewayServer gateway, int port) {
        this.gateway = gateway;
        this.state = gateway.stateRef()::get;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        GatewayClock clock = gateway.clock();
        upstream = new UpstreamClient(vertx, clock);
        Pipeline pipeline = Stages.of(new Stages.Parts(
                new Meter(gateway.usage().recorder(), List.of(new RequestObserver(gateway.metrics())), clock),
                new Idempotency(gateway.counters().idempotency()),
                new EnforceLimits(gateway.counters()::limiter),
                new ChargeBudgets(gateway.counters()::budgets, new Pricing(gateway.usage().cost()), gateway.counters().alerts(), clock),
                new Account(clock),
                new Dispatch(upstream, gateway.adapters(), () -> ThreadLocalRandom.current().nextDouble())));
        OpenAiReplyWriter openAi = new OpenAiReplyWriter();
        ApiHandler chat = new ApiHandler(pipeline, ChatRequestValidator::validate, openAi, state, clock);
        ApiHandler embeddings = new ApiHandler(pipeline, EmbeddingsRequestValidator::validate, openAi, state, clock);
        ApiHandler messages = new ApiHandler(pipeline, new AnthropicRequestReader(true), new AnthropicReplyWriter(), state, clock);
        CountTokensHandler countTokens = new CountTokensHandler(state);
        ModelsHandler models = new ModelsHandler(state);
        var settings = state.get().config().server();

        Router router = Router.router(vertx);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes());
        router.post("/v1/chat/completions").handler(body).handler(chat::handle);
        router.post("/v1/embeddings").handler(body).handler(embeddings::handle);
        router.post("/v1/messages").handler(body).handler(messages::handle);
        router.post("/v1/messages/count_tokens").handler(body).handler(countTokens::handle);
        router.get("/v1/models").handler(models::list);
        router.getWithRegex("/v1/models/(.+)").handler(models::get);
        AdminRoutes.install(router, new AdminServices(vertx, gateway.storedKeys().store(), () -> state.get().keys(),
                gateway.storedKeys()::changed, clock, () -> state.get().config(), gateway.registry(),
                gateway.reloadable() ? gateway::reload : null, gateway.usage().store(), gateway.counters()::redisHealth));
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(gateway.metrics().scrape()));
        router.get("/healthz").handler(ctx -> status(ctx, "ok"));
        router.get("/readyz").handler(ctx -> status(ctx, "ready"));
        installErrorHandlers(router, settings.maxBodyBytes());

        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(settings.host())
                .setPort(port)
                .setTcpNoDelay(true)
                .setCompressionSupported(false)
                .setIdleTimeout(0));
        return server.requestHandler(router).listen();
    }

    @Override
    public Future<?> stop() {
        return Objects.requireNonNull(upstream, "start() creates the client, and Vert.x stops only a started verticle").close();
    }

    private static void status(RoutingContext ctx, String status) {
        ctx.response().putHeader("content-type", "application/json").end("{\"status\":\"" + status + "\"}");
    }

    private static void installErrorHandlers(Router router, long maxBodyBytes) {
        router.errorHandler(404, ctx -> writeError(ctx, GatewayError.of(ErrorKind.NOT_FOUND,
                "Unknown request URL: " + ctx.request().method() + " " + ctx.request().path() + ".", null, "unknown_url")));
        router.errorHandler(405, ctx -> writeError(ctx, GatewayError.of(ErrorKind.METHOD_NOT_ALLOWED,
                "Method " + ctx.request().method() + " is not allowed for " + ctx.request().path() + ".", null, "method_not_allowed")));
        router.errorHandler(413, ctx -> writeError(ctx, GatewayError.of(ErrorKind.PAYLOAD_TOO_LARGE,
                "The request body is larger than the limit of " + maxBodyBytes + " bytes.", null, "request_too_large")));
        router.errorHandler(400, ctx -> writeError(ctx, GatewayError.invalid("The request could not be read.", null)));
        router.errorHandler(500, ctx -> writeError(ctx, InternalErrors.toGatewayError(
                String.valueOf(ctx.response().headers().get("x-request-id")),
                ctx.failure() == null ? new IllegalStateException("a handler failed without an exception") : ctx.failure())));
    }

    /** Errors outside a handler, in the shape of the API the path belongs to. */
    private static void writeError(RoutingContext ctx, GatewayError error) {
        if (ctx.request().path().startsWith("/v1/messages")) {
            AnthropicReplyWriter.write(ctx.response(), error);
        } else {
            ErrorResponses.write(ctx.response(), error);
        }
    }
}
