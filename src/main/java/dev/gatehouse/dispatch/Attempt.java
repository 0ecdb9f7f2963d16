package dev.gatehouse.dispatch;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.config.Timeouts;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.AudioAdapter;
import dev.gatehouse.provider.CompletionsAdapter;
import dev.gatehouse.provider.EmbeddingsAdapter;
import dev.gatehouse.provider.ImagesAdapter;
import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.provider.RerankAdapter;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.routing.Route;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One call to one deployment: sends the adapter's request, and turns the answer into a reply or a
 * classified error. A streamed answer counts as a success only once its first chunk arrived, so a
 * stream that breaks before that can still fall back.
 */
final class Attempt {

    /** How an attempt ended, with its timings for the deployment's latency figures. */
    record Result(Reply reply, double ttftMillis, double totalMillis) {}

    private final UpstreamClient client;
    private final GatewayClock clock;

    Attempt(UpstreamClient client) {
        this.client = client;
        this.clock = client.clock();
    }

    Future<Result> run(Exchange ex, CanonicalRequest request, Route route, ProviderAdapter adapter) {
        long start = clock.nanoTime();
        UpstreamRequest upstream;
        try {
            upstream = switch (request.endpoint()) {
                case CHAT_COMPLETIONS -> adapter.toUpstream(request, route);
                case EMBEDDINGS -> embeddingsOf(adapter, route).toUpstreamEmbeddings(request, route);
                case COMPLETIONS ->
                    ability(adapter, CompletionsAdapter.class, route).toUpstreamCompletions(request, route);
                case RERANK -> ability(adapter, RerankAdapter.class, route).toUpstreamRerank(request, route);
                case AUDIO_TRANSCRIPTIONS, AUDIO_TRANSLATIONS, AUDIO_SPEECH ->
                    ability(adapter, AudioAdapter.class, route).toUpstreamAudio(request, route);
                case IMAGES_GENERATIONS ->
                    ability(adapter, ImagesAdapter.class, route).toUpstreamImages(request, route);
            };
        } catch (RuntimeException refused) {
            // A dialect refusing what it cannot express (a 400 naming the provider) must settle this
            // attempt: thrown out of a fallback started from an earlier attempt's callback, it was
            // lost and the request hung until the client gave up.
            return Future.failedFuture(refused);
        }
        Timeouts timeouts = route.provider().timeouts();
        String provider = route.provider().name();
        return client.send(upstream, timeouts, provider, ex).compose(call -> {
            HttpClientResponse response = call.response();
            double ttft = clock.millisSince(start);
            if (response.statusCode() / 100 != 2) {
                Duration retryAfter = retryAfter(response.getHeader("retry-after"));
                return readBody(call, timeouts, provider).compose(body -> {
                    GatewayError error = adapter.toError(route, response.statusCode(), response.headers(), body);
                    return Future.failedFuture(retryAfter == null ? error : error.withRetryAfter(retryAfter));
                });
            }
            if (request.endpoint() == Endpoint.AUDIO_SPEECH) {
                // Audio goes back as it is produced, in the provider's own media type.
                String mediaType = response.getHeader("content-type");
                ex.replyHeader("content-type", mediaType == null ? "application/octet-stream" : mediaType);
                PeekedChunkStream stream = new PeekedChunkStream(new UpstreamChunkStream(
                        clock,
                        call,
                        ability(adapter, AudioAdapter.class, route).newSpeechStream(request, route),
                        request,
                        timeouts,
                        provider));
                return stream.firstChunk()
                        .map(v -> new Result(new Reply.Streaming(stream), clock.millisSince(start), Double.NaN));
            }
            if (request.stream()) {
                String contentType = response.getHeader("content-type");
                if (contentType == null || !contentType.startsWith(adapter.streamContentType())) {
                    call.abort();
                    return Future.failedFuture(UpstreamFailures.badResponse(
                            provider,
                            "a " + (contentType == null ? "response without a content type" : contentType + " body")
                                    + " to a streaming request instead of " + adapter.streamContentType()));
                }
                PeekedChunkStream stream = new PeekedChunkStream(new UpstreamChunkStream(
                        clock, call, adapter.newStreamTranslator(request, route), request, timeouts, provider));
                return stream.firstChunk()
                        .map(v -> new Result(new Reply.Streaming(stream), clock.millisSince(start), Double.NaN));
            }
            String contentType = response.getHeader("content-type");
            return readBody(call, timeouts, provider)
                    .map(body -> new Result(
                            answer(request, route, adapter, body, contentType), ttft, clock.millisSince(start)));
        });
    }

    private static Reply answer(
            CanonicalRequest request, Route route, ProviderAdapter adapter, Buffer body, @Nullable String contentType) {
        return switch (request.endpoint()) {
            case CHAT_COMPLETIONS -> UnaryUsageEstimate.orEstimate(request, adapter.fromUpstream(request, route, body));
            case EMBEDDINGS ->
                UnaryUsageEstimate.orEstimate(
                        request, embeddingsOf(adapter, route).fromUpstreamEmbeddings(request, route, body));
            case COMPLETIONS ->
                ability(adapter, CompletionsAdapter.class, route).fromUpstreamCompletions(request, route, body);
            case RERANK -> ability(adapter, RerankAdapter.class, route).fromUpstreamRerank(request, route, body);
            case AUDIO_TRANSCRIPTIONS, AUDIO_TRANSLATIONS, AUDIO_SPEECH ->
                ability(adapter, AudioAdapter.class, route).fromUpstreamAudio(request, route, body, contentType);
            case IMAGES_GENERATIONS ->
                ability(adapter, ImagesAdapter.class, route).fromUpstreamImages(request, route, body);
        };
    }

    /**
     * The adapter's side for an endpoint beyond chat. Routing sends such requests only to
     * deployments whose adapter has it (the endpoint's capability), so a miss is the gateway's bug.
     */
    private static <T> T ability(ProviderAdapter adapter, Class<T> ability, Route route) {
        if (ability.isInstance(adapter)) {
            return ability.cast(adapter);
        }
        throw GatewayError.internal("a request was routed to provider '"
                + route.provider().name() + "', whose dialect has no " + ability.getSimpleName());
    }

    /**
     * The adapter's embeddings side. Routing sends embeddings only to deployments whose adapter has
     * one (the embeddings capability), so a miss here is the gateway's bug, not the client's.
     */
    private static EmbeddingsAdapter embeddingsOf(ProviderAdapter adapter, Route route) {
        if (adapter instanceof EmbeddingsAdapter embeddings) {
            return embeddings;
        }
        throw GatewayError.internal("an embeddings request was routed to provider '"
                + route.provider().name() + "', whose dialect cannot embed");
    }

    /** Reads a whole response body within the call's total timeout. */
    private Future<Buffer> readBody(UpstreamClient.Call call, Timeouts timeouts, String provider) {
        Promise<Buffer> promise = Promise.promise();
        GatewayClock.Timer timer = clock.schedule(timeouts.total(), () -> {
            if (promise.tryFail(UpstreamFailures.timeout(provider, "while sending its answer"))) {
                call.abort();
            }
        });
        call.response().body().onComplete(read -> {
            timer.cancel();
            if (read.succeeded()) {
                promise.tryComplete(read.result());
            } else {
                promise.tryFail(
                        read.cause() instanceof GatewayError ge ? ge : UpstreamFailures.connectionLost(provider));
            }
        });
        call.response().resume();
        return promise.future();
    }

    /** {@code Retry-After} in seconds (the HTTP-date form is rare from APIs and is ignored). */
    static @Nullable Duration retryAfter(@Nullable String header) {
        if (header == null) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(header.trim());
            return seconds < 0 ? null : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
