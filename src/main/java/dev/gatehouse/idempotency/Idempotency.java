package dev.gatehouse.idempotency;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.hashing.KeyHashing;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline stage for {@code Idempotency-Key}: placed before limits and budgets, so a repeat of a
 * request that already ran (same virtual key, same idempotency key, same endpoint and body, within
 * {@code limits.idempotency_ttl}) is answered with the stored reply without a provider call or a
 * charge; a repeat while the first still runs waits for it; the same key with another body is a
 * 409. Only successful answers are stored (a failed request may be retried for real): a JSON answer
 * as it was sent, a streamed answer as its canonical chunks once the stream ended properly, replayed
 * as a stream to a repeat (the request's {@code stream} flag is part of the body the key is bound to).
 * Both are kept in canonical (OpenAI) form with their usage, and with the provider's own answer when
 * it was relayed to a client of its dialect, so the client API's writer renders a replay exactly as
 * it rendered the first answer, in OpenAI's or Anthropic's shape. The key is bound
 * to the canonical endpoint and the body bytes as the client sent them, so byte-identical bodies sent
 * with one key to {@code /v1/chat/completions} and {@code /v1/messages} count as one request, whose
 * answer each API renders in its own shape.
 */
public final class Idempotency implements Interceptor {

    private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);

    private final IdempotencyStore store;

    public Idempotency(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        String header = ex.request().header("idempotency-key");
        CanonicalRequest request = ex.get(CanonicalRequest.KEY);
        if (header == null || header.isBlank() || !replayable(request)) {
            return chain.proceed(ex);
        }
        String key = ex.get(Principal.KEY).keyId() + ":" + header;
        // The bytes as received, not CanonicalRequest.originalBytes: that is null when the client API is
        // not OpenAI's (an Anthropic /v1/messages body is translated), and a translation may drop fields
        // whose change must still be a conflict.
        String fingerprint = KeyHashing.sha256Hex(
                request.endpoint().name() + "\n" + ex.request().body().toString());
        return attempt(ex, chain, key, fingerprint);
    }

    /**
     * Whether the endpoint's answers can be stored and replayed: not an upload (its file streams
     * through unread, so the body cannot be fingerprinted) and not speech (its audio is not kept).
     */
    private static boolean replayable(CanonicalRequest request) {
        return !request.endpoint().isUpload() && request.endpoint() != Endpoint.AUDIO_SPEECH;
    }

    private Future<Reply> attempt(Exchange ex, Chain chain, String key, String fingerprint) {
        return store.claim(key, fingerprint).transform(claimed -> {
            if (claimed.failed()) {
                // The store (Redis) is unreachable: answering without idempotency beats refusing a request that may be
                // a first try.
                LOG.warn(
                        "idempotency store unavailable for request {}: {}",
                        ex.requestId(),
                        claimed.cause().getMessage());
                return chain.proceed(ex);
            }
            return decide(ex, chain, key, fingerprint, claimed.result());
        });
    }

    private Future<Reply> decide(Exchange ex, Chain chain, String key, String fingerprint, Claim claim) {
        if (claim instanceof Claim.Conflict) {
            return Future.failedFuture(new GatewayError(
                    ErrorKind.INVALID_REQUEST,
                    409,
                    "invalid_request_error",
                    "This Idempotency-Key was already used with a different request body.",
                    null,
                    "idempotency_key_reused"));
        }
        boolean stream = ex.get(CanonicalRequest.KEY).stream();
        if (claim instanceof Claim.Done done) {
            return replay(ex, done.reply(), stream);
        }
        if (claim instanceof Claim.InFlight inFlight) {
            return inFlight.outcome()
                    .compose(reply -> reply == null ? attempt(ex, chain, key, fingerprint) : replay(ex, reply, stream));
        }
        return chain.proceed(ex).transform(done -> {
            if (done.succeeded() && done.result() instanceof Reply.Streaming streaming) {
                RecordingChunkStream recording = new RecordingChunkStream(streaming.stream());
                // Kept with the stream's usage (the upstream's, or the gateway's estimate), which the
                // Anthropic surface shows in message_delta and canonical chunks may not carry.
                recording
                        .recorded()
                        .compose(chunks -> streaming.stream()
                                .usage()
                                .map(usage ->
                                        new Reply.Unary(200, Json.encode(chunks), usage, recording.passthrough())))
                        .onComplete(kept -> {
                            if (kept.succeeded()) {
                                store.complete(
                                        key, kept.result(), ex.config().limits().idempotencyTtl());
                            } else {
                                store.abandon(key);
                            }
                        });
                return Future.<Reply>succeededFuture(new Reply.Streaming(recording));
            }
            if (done.succeeded() && done.result() instanceof Reply.Unary unary && unary.status() / 100 == 2) {
                Usage usage = unary.usage() == null ? Usage.NONE : unary.usage();
                store.complete(
                        key,
                        new Reply.Unary(
                                unary.status(),
                                unary.body().copy(),
                                usage,
                                unary.passthrough() == null
                                        ? null
                                        : unary.passthrough().copy()),
                        ex.config().limits().idempotencyTtl());
            } else {
                store.abandon(key);
            }
            return done.succeeded() ? Future.succeededFuture(done.result()) : Future.<Reply>failedFuture(done.cause());
        });
    }

    /**
     * A stored answer, as JSON or, for a streamed request, as its recorded chunks streamed again. It
     * carries the usage the first answer showed, for the client's eyes only: the stages that charge
     * (limits, budgets) and account for usage come after this one, so a replay is recorded at zero.
     */
    private static Future<Reply> replay(Exchange ex, Reply.Unary stored, boolean stream) {
        ex.replyHeader("idempotent-replayed", "true");
        if (stream) {
            return Future.succeededFuture(new Reply.Streaming(
                    new ReplayedChunkStream(Json.parse(stored.body()), stored.usage(), stored.passthrough())));
        }
        return Future.succeededFuture(stored);
    }
}
