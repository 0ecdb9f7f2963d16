package dev.gatehouse.server;

import dev.gatehouse.metering.Account;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.RequestReader;
import dev.gatehouse.api.ValidateRequest;
import dev.gatehouse.auth.Authenticate;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.idempotency.Idempotency;
import dev.gatehouse.observability.AccessLog;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Pipeline;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.pipeline.ReplyHeaders;
import dev.gatehouse.routing.DispatchOutcome;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RoutePlan;
import dev.gatehouse.time.GatewayClock;
import dev.gatehouse.usage.Usage;
import dev.gatehouse.metering.UsageRecorder;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import dev.gatehouse.observability.GatewayMetrics;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Serves one client-API endpoint that reaches a provider ({@code /v1/chat/completions},
 * {@code /v1/embeddings}, {@code /v1/messages}): checks the transport (content type), runs the
 * pipeline with the endpoint's request reader, writes its reply as JSON or SSE in the client API's
 * format, and writes the access-log line when the response ends.
 */
final class ApiHandler {

    private static final Exchange.Key<GatewayError> ERROR = Exchange.Key.of("error");

    /**
     * What the handlers of every endpoint share.
     *
     * @param accessLogOn whether the config wants an access-log line per request
     * @param usage records each finished request
     * @param clock times requests: their start, end and latency
     */
    record Services(BooleanSupplier accessLogOn, UsageRecorder usage, GatewayMetrics metrics, GatewayClock clock) {}

    private final Pipeline pipeline;
    private final RequestReader reader;
    private final ReplyWriter writer;
    private final BooleanSupplier accessLogOn;
    private final UsageRecorder usage;
    private final GatewayMetrics metrics;
    private final GatewayClock clock;

    ApiHandler(Pipeline pipeline, RequestReader reader, ReplyWriter writer, Services services) {
        this.pipeline = pipeline;
        this.reader = reader;
        this.writer = writer;
        this.accessLogOn = services.accessLogOn();
        this.usage = services.usage();
        this.metrics = services.metrics();
        this.clock = services.clock();
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Exchange ex = new Exchange(RequestIds.next(), clock.nanoTime());
        response.putHeader("x-request-id", ex.requestId());
        if (accessLogOn.getAsBoolean() && AccessLog.enabled()) {
            ctx.addEndHandler(ended -> logAccess(ctx, ex, ended));
        }
        // The end handler runs exactly once per request, after every outcome (answer, rejection,
        // error, client gone), which the pipeline's own response side does not see.
        ctx.addEndHandler(ended -> recordUsage(ctx, ex, ended));
        String contentType = request.getHeader("content-type");
        if (contentType != null && !isJson(contentType)) {
            fail(ex, request, response, GatewayError.of(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported content type '" + contentType + "'. Send the body as application/json.", null, "unsupported_media_type"));
            return;
        }
        Buffer body = ctx.body().buffer();
        ex.put(ValidateRequest.READER, reader);
        ex.put(ValidateRequest.BODY_BYTES, body == null ? Buffer.buffer() : body);
        String secret = Authenticate.presentedSecret(request.getHeader("authorization"), request.getHeader("x-api-key"));
        if (secret != null) {
            ex.put(Authenticate.PRESENTED_KEY, secret);
        }
        String idempotencyKey = request.getHeader("idempotency-key");
        if (idempotencyKey != null) {
            ex.put(Idempotency.HEADER, idempotencyKey);
        }
        // Through the routing context: a plain response.endHandler would replace vertx-web's own.
        ctx.addEndHandler(ended -> {
            if (ended.succeeded()) {
                ex.complete();
            }
            Route route = ex.find(Route.KEY);
            metrics.request(request.path(), ended.succeeded() ? response.getStatusCode() : 499,
                    route == null ? null : route.provider().name(), Duration.ofNanos(clock.nanoTime() - ex.startNanos()));
        });
        response.closeHandler(v -> ex.cancel());
        pipeline.handle(ex).onComplete(done -> {
            if (done.failed()) {
                fail(ex, request, response, GatewayError.internal(done.cause()));
                return;
            }
            Reply reply = done.result();
            if (response.closed()) {
                ex.cancel();
                if (reply instanceof Reply.Streaming streaming) {
                    streaming.stream().cancel();
                }
                return;
            }
            putRouteHeaders(response, ex);
            if (reply instanceof Reply.Unary unary) {
                usage.beforeEnd(ex, ending(request, unary.status(), null)).onComplete(written -> {
                    if (!response.closed()) {
                        writer.unary(response, unary, ex);
                    }
                });
            } else if (reply instanceof Reply.Streaming streaming) {
                new SseResponder(response, streaming.stream(), writer.streamEncoder(ex), ex,
                        streamError -> usage.beforeEnd(ex, ending(request, 200, streamError))).start();
            }
        });
    }

    private void fail(Exchange ex, HttpServerRequest request, HttpServerResponse response, GatewayError error) {
        ex.put(ERROR, error);
        putRouteHeaders(response, ex);
        usage.beforeEnd(ex, ending(request, error.status(), error)).onComplete(written -> {
            if (!response.closed()) {
                writer.error(response, error);
            }
        });
    }

    private UsageRecorder.Ending ending(HttpServerRequest request, int status, GatewayError error) {
        return new UsageRecorder.Ending(status, error == null ? null : errorType(error), request.getHeader("x-gatehouse-tags"),
                clock.nanoTime());
    }

    private static String errorType(GatewayError error) {
        return error.code() != null ? error.code() : error.type();
    }

    private static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mediaType.equalsIgnoreCase("application/json") || mediaType.regionMatches(true, mediaType.length() - 5, "+json", 0, 5);
    }

    private static void putRouteHeaders(HttpServerResponse response, Exchange ex) {
        if (response.headWritten()) {
            return;
        }
        Route route = ex.find(Route.KEY);
        if (route != null) {
            response.putHeader("x-gatehouse-provider", route.provider().name());
            response.putHeader("x-gatehouse-model", route.upstreamModel());
        }
        DispatchOutcome outcome = ex.find(DispatchOutcome.KEY);
        if (outcome != null) {
            response.putHeader("x-gatehouse-deployment", outcome.deployment());
            response.putHeader("x-gatehouse-attempts", Integer.toString(outcome.attempts()));
            response.putHeader("x-gatehouse-fallback", Boolean.toString(outcome.fallback()));
        }
        RoutePlan plan = ex.find(RoutePlan.KEY);
        if (plan != null && plan.tier() != null) {
            response.putHeader("x-gatehouse-tier", plan.tier());
        }
        java.util.Map<String, String> limitHeaders = ex.find(ReplyHeaders.KEY);
        if (limitHeaders != null) {
            limitHeaders.forEach(response::putHeader);
        }
    }

    private void recordUsage(RoutingContext ctx, Exchange ex, AsyncResult<Void> ended) {
        GatewayError error = ex.find(ERROR);
        if (error == null) {
            error = ex.find(SseResponder.STREAM_ERROR);
        }
        usage.finished(ex, new UsageRecorder.Ending(ended.succeeded() ? ctx.response().getStatusCode() : 499,
                error != null ? errorType(error) : ended.succeeded() ? null : "client_closed",
                ctx.request().getHeader("x-gatehouse-tags"), clock.nanoTime()));
    }

    /** A client that closed the connection early is logged with nginx's 499. */
    private void logAccess(RoutingContext ctx, Exchange ex, AsyncResult<Void> ended) {
        int status = ended.succeeded() ? ctx.response().getStatusCode() : 499;
        Principal principal = ex.find(Principal.KEY);
        CanonicalRequest request = ex.find(CanonicalRequest.KEY);
        Route route = ex.find(Route.KEY);
        Usage usage = ex.find(Account.USAGE);
        GatewayError error = ex.find(ERROR);
        GatewayError streamError = ex.find(SseResponder.STREAM_ERROR);
        DispatchOutcome outcome = ex.find(DispatchOutcome.KEY);
        RoutePlan plan = ex.find(RoutePlan.KEY);
        AccessLog.write(new AccessLog.Entry(
                ex.requestId(),
                ctx.request().method().name(),
                ctx.request().path(),
                status,
                clock.millisSince(ex.startNanos()),
                principal == null ? null : principal.keyId(),
                request == null ? null : request.model(),
                route == null ? null : route.provider().name(),
                route == null ? null : route.upstreamModel(),
                request == null ? null : request.stream(),
                usage == null ? null : usage.inputTokens(),
                usage == null ? null : usage.outputTokens(),
                usage == null || !usage.estimated() ? null : Boolean.TRUE,
                error == null ? null : error.code(),
                streamError == null ? null : streamError.code(),
                outcome == null ? null : outcome.deployment(),
                outcome == null ? null : outcome.attempts(),
                outcome == null ? null : outcome.fallback(),
                plan == null ? null : plan.tier()));
    }
}
