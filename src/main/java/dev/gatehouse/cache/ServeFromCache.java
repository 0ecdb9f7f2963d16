package dev.gatehouse.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.cache.semantic.TextEmbedder;
import dev.gatehouse.config.CacheSettings;
import dev.gatehouse.idempotency.RecordingChunkStream;
import dev.gatehouse.idempotency.ReplayedChunkStream;
import dev.gatehouse.json.Json;
import dev.gatehouse.metering.CacheOutcome;
import dev.gatehouse.metering.UsageRecorder;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.ratelimit.EnforceLimits;
import dev.gatehouse.ratelimit.RateLimiter;
import dev.gatehouse.routing.RoutePlanner;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline stage: the response cache, after validation and idempotency and before routing, limits
 * and budgets, so a hit is neither routed nor charged. A hit still counts against the
 * requests-per-minute limits (not tokens, not budgets), is answered as JSON or replayed as a stream
 * as the request asks, and says {@code x-gatehouse-cache: hit} or {@code semantic-hit} with the
 * entry's age (and the match's similarity). A miss goes on down the pipeline and its answer is
 * stored when it is a success that ended normally: a JSON answer whose every choice finished with
 * stop, length or tool calls, a stream that ended properly with those reasons; never an error, a
 * content-filtered answer, or a stream that broke or was cut. Keys are scoped ({@link CacheScopes}):
 * no request is answered from another scope's entry. A request whose key may not use the model is
 * left to routing, which refuses it.
 */
public final class ServeFromCache implements Interceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ServeFromCache.class);

    private final ResponseCache cache;
    private final Supplier<RateLimiter> limiter;
    private final UsageRecorder recorder;

    public ServeFromCache(ResponseCache cache, Supplier<RateLimiter> limiter, UsageRecorder recorder) {
        this.cache = cache;
        this.limiter = limiter;
        this.recorder = recorder;
    }

    /**
     * Chat (also as Anthropic Messages) and embeddings. Not uploads, whose key would miss the file, nor
     * speech, images, rerank or legacy completions, which no entry shape here covers.
     */
    private static final Set<Endpoint> CACHED_ENDPOINTS = EnumSet.of(Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS);

    /** What this request's cache work needs, worked out once on the request side. */
    private record Plan(
            CacheKey key,
            String scopeId,
            CacheControls controls,
            Duration ttl,
            @Nullable TextEmbedder embedder,
            double threshold) {}

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        CanonicalRequest request = ex.get(CanonicalRequest.KEY);
        CacheSettings settings =
                ex.config().cacheFor(ex.get(RoutePlanner.KEY).table().group(request.model()));
        if (!settings.on() || !CACHED_ENDPOINTS.contains(request.endpoint())) {
            return chain.proceed(ex);
        }
        CacheControls controls = CacheControls.from(ex);
        Principal principal = ex.get(Principal.KEY);
        if (!principal.mayUse(request.model())) {
            return chain.proceed(ex);
        }
        if (!controls.read() && !controls.write()) {
            return bypass(ex, chain);
        }
        String scopeId = CacheScopes.scopeId(principal, settings.scope());
        CacheKey key = CacheKey.of(ex.request().path(), request.body(), scopeId, controls.namespace());
        TextEmbedder embedder = settings.mode() == CacheSettings.Mode.SEMANTIC
                        && request.endpoint() == Endpoint.CHAT_COMPLETIONS
                        && key.partition() != null
                ? cache.embedders().forModel(settings.embeddingModel())
                : null;
        if (settings.mode() == CacheSettings.Mode.SEMANTIC
                && embedder == null
                && request.endpoint() == Endpoint.CHAT_COMPLETIONS
                && key.partition() != null) {
            // Checked at start and reload; a semantic section never silently runs as exact.
            throw new IllegalStateException("semantic cache without an embedder");
        }
        Plan plan = new Plan(
                key,
                scopeId,
                controls,
                controls.ttl() != null ? controls.ttl() : settings.ttl(),
                embedder,
                settings.threshold());
        if (!controls.read()) {
            return bypassAndRefresh(ex, chain, plan);
        }
        return cache.lookup(key, scopeId, embedder, settings.threshold())
                .recover(e -> {
                    LOG.warn("cache lookup failed for request {}: {}", ex.requestId(), e.getMessage());
                    return Future.succeededFuture(new ResponseCache.Lookup(null, null));
                })
                .compose(lookup -> {
                    ResponseCache.Hit hit = lookup.hit();
                    if (hit != null) {
                        return serve(ex, hit, request);
                    }
                    cache.stats().miss();
                    ex.put(CacheOutcome.KEY, CacheOutcome.MISS);
                    ex.replyHeader("x-gatehouse-cache", "miss");
                    return proceedAndStore(ex, chain, plan, lookup.embedding());
                });
    }

    private Future<Reply> bypass(Exchange ex, Chain chain) {
        cache.stats().bypass();
        ex.put(CacheOutcome.KEY, CacheOutcome.BYPASS);
        ex.replyHeader("x-gatehouse-cache", "bypass");
        return chain.proceed(ex);
    }

    private Future<Reply> bypassAndRefresh(Exchange ex, Chain chain, Plan plan) {
        cache.stats().bypass();
        ex.put(CacheOutcome.KEY, CacheOutcome.BYPASS);
        ex.replyHeader("x-gatehouse-cache", "bypass");
        return proceedAndStore(ex, chain, plan, null);
    }

    private Future<Reply> serve(Exchange ex, ResponseCache.Hit hit, CanonicalRequest request) {
        return EnforceLimits.countRequestOnly(ex, limiter.get()).map(v -> {
            CachedAnswer answer = hit.answer();
            cache.stats().hit(hit.semantic(), answer.costUsd());
            ex.put(CacheOutcome.KEY, new CacheOutcome(hit.semantic() ? "semantic" : "exact", answer.costUsd()));
            ex.replyHeader("x-gatehouse-cache", hit.semantic() ? "semantic-hit" : "hit");
            long ageSeconds = Math.max(0, (cache.clock().millis() - answer.storedAtMillis()) / 1000);
            ex.replyHeader("x-gatehouse-cache-age", Long.toString(ageSeconds));
            if (hit.semantic()) {
                ex.replyHeader("x-gatehouse-cache-similarity", String.format(Locale.ROOT, "%.4f", hit.similarity()));
            }
            if (request.stream() && request.endpoint() == Endpoint.CHAT_COMPLETIONS) {
                return new Reply.Streaming(new ReplayedChunkStream(
                        AnswerShapes.chunks(Json.parse(answer.body()), answer.usage()), answer.usage(), null));
            }
            return new Reply.Unary(200, answer.body().copy(), answer.usage());
        });
    }

    private Future<Reply> proceedAndStore(Exchange ex, Chain chain, Plan plan, float @Nullable [] embedding) {
        if (!plan.controls().write()) {
            return chain.proceed(ex);
        }
        return chain.proceed(ex).compose(reply -> {
            if (reply instanceof Reply.Unary unary) {
                if (unary.status() / 100 == 2) {
                    JsonNode body = Json.tryParse(unary.body()).orElse(null);
                    boolean chat = ex.get(CanonicalRequest.KEY).endpoint() == Endpoint.CHAT_COMPLETIONS;
                    if (body != null && (!chat || AnswerShapes.completed(body))) {
                        // Answered once stored, so the client's next request finds it (Redis: read your writes).
                        return keep(ex, plan, unary.body().copy(), unary.usage(), embedding)
                                .map(reply);
                    }
                }
                return Future.succeededFuture(reply);
            }
            Reply.Streaming streaming = (Reply.Streaming) reply;
            RecordingChunkStream recording = new RecordingChunkStream(streaming.stream());
            recording
                    .recorded()
                    .compose(chunks -> streaming.stream().usage().map(usage -> {
                        JsonNode completion = AnswerShapes.assemble(chunks, usage);
                        if (AnswerShapes.completed(completion) && !ex.isCancelled()) {
                            keep(ex, plan, Json.encode(completion), usage, embedding);
                        }
                        return completion;
                    }));
            return Future.succeededFuture(new Reply.Streaming(recording));
        });
    }

    /** Stores the answer; completes when it is stored, or failed to be (logged), and never fails. */
    private Future<Void> keep(Exchange ex, Plan plan, Buffer body, Usage usage, float @Nullable [] embedding) {
        Principal principal = ex.get(Principal.KEY);
        CachedAnswer answer = new CachedAnswer(
                body,
                usage,
                recorder.costOf(ex, usage),
                cache.clock().millis(),
                ex.get(CanonicalRequest.KEY).model(),
                plan.scopeId(),
                plan.controls().namespace(),
                principal.teamId(),
                plan.embedder() == null ? null : plan.key().lastUserText());
        TextEmbedder embedder = plan.embedder();
        String question = plan.key().lastUserText();
        if (embedder == null || question == null || embedding != null) {
            return cache.store(plan.key(), answer, plan.ttl(), embedder, embedding);
        }
        return embedder.embed(question)
                .compose(vector -> cache.store(plan.key(), answer, plan.ttl(), embedder, vector))
                .otherwise(e -> {
                    LOG.warn("cache: embedding for request {} failed: {}", ex.requestId(), e.getMessage());
                    return null;
                });
    }
}
