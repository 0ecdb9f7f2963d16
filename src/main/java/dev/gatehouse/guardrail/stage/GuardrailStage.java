package dev.gatehouse.guardrail.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.config.GuardrailPolicy;
import dev.gatehouse.config.GuardrailsConfig;
import dev.gatehouse.guardrail.Direction;
import dev.gatehouse.guardrail.GuardrailText;
import dev.gatehouse.json.Json;
import dev.gatehouse.metering.GuardrailChecks;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Pipeline stage: the guardrails of the request's policy. Request side, before idempotency, the
 * cache and dispatch: the input guardrails check the request's texts; a block answers 400
 * {@code guardrail_blocked}, a redaction replaces the canonical request (and drops the client's
 * native bytes, so no provider gets the original text), so every later stage, the cache key and the
 * provider see only redacted text. Response side: the output guardrails check a chat answer (the
 * JSON whole, a stream window by window), and placeholders an input guardrail asked to restore are
 * put back. Each decision goes to the usage record ({@link GuardrailChecks}). Event loop; never
 * blocks; no store is read.
 */
public final class GuardrailStage implements Interceptor {

    private final GuardrailCatalog catalog;
    private final GatewayClock clock;

    public GuardrailStage(GuardrailCatalog catalog, GatewayClock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        CanonicalRequest request = ex.find(CanonicalRequest.KEY);
        GuardrailsConfig config = ex.config().guardrails();
        if (request == null || config.definitions().isEmpty() || !checks(request)) {
            return chain.proceed(ex);
        }
        Principal principal = ex.find(Principal.KEY);
        String keyId = principal == null ? null : principal.keyId();
        String teamId = principal == null ? null : principal.teamId();
        Policies.Resolved policy = Policies.resolve(
                config,
                keyId,
                teamId,
                request.model(),
                principal == null ? GuardrailPolicy.UNSET : principal.keyGuardrails(),
                principal == null ? GuardrailPolicy.UNSET : principal.teamGuardrails());
        if (policy.isEmpty()) {
            return chain.proceed(ex);
        }
        List<ArmedGuardrail> input = catalog.armed(config, policy.input());
        List<ArmedGuardrail> output =
                request.endpoint() == Endpoint.CHAT_COMPLETIONS ? catalog.armed(config, policy.output()) : List.of();
        GuardrailChecks checks = GuardrailChecks.of(ex);
        GuardrailRun run = new GuardrailRun(clock, checks::add, ex.requestId());
        return checkInput(ex, request, input, run, keyId, teamId)
                .compose(restore -> chain.proceed(ex).compose(reply -> {
                    if (output.isEmpty() && restore.isEmpty()) {
                        return Future.succeededFuture(reply);
                    }
                    OutputSide side = new OutputSide(ex, output, restore, run, request.model(), keyId, teamId);
                    return side.apply(reply, config.streamWindowChars());
                }));
    }

    private static boolean checks(CanonicalRequest request) {
        Endpoint endpoint = request.endpoint();
        return request.upload() == null
                && (endpoint == Endpoint.CHAT_COMPLETIONS
                        || endpoint == Endpoint.EMBEDDINGS
                        || endpoint == Endpoint.COMPLETIONS);
    }

    /** Runs the input guardrails; completes with the placeholders to restore in the answer. */
    private static Future<Map<String, String>> checkInput(
            Exchange ex,
            CanonicalRequest request,
            List<ArmedGuardrail> input,
            GuardrailRun run,
            @Nullable String keyId,
            @Nullable String teamId) {
        if (input.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        List<String> segments = TextSlots.request(request.endpoint(), request.body());
        if (segments.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        GuardrailText text = new GuardrailText(Direction.INPUT, segments, request.model(), keyId, teamId);
        return run.run(input, text).compose(outcome -> {
            if (outcome.blocked() != null) {
                return Future.failedFuture(GuardrailBlocked.of(ex, outcome.blocked(), false));
            }
            if (outcome.changed(segments)) {
                ObjectNode redacted = TextSlots.replaceRequest(request.endpoint(), request.body(), outcome.segments());
                ex.put(CanonicalRequest.KEY, redacted(request, redacted));
            }
            return Future.succeededFuture(Map.copyOf(outcome.restore()));
        });
    }

    /**
     * The request with {@code body}, without the client's bytes and native-dialect body: both hold
     * the original text, and a provider must get the redacted one (a same-dialect provider then gets
     * a translation instead of the client's bytes).
     */
    private static CanonicalRequest redacted(CanonicalRequest request, ObjectNode body) {
        return new CanonicalRequest(
                request.endpoint(),
                body,
                request.model(),
                request.stream(),
                request.clientWantsUsage(),
                request.maxOutputTokens(),
                null,
                null,
                request.upload());
    }

    /** The answer's side of one request: its output guardrails and the placeholders to restore. */
    private record OutputSide(
            Exchange ex,
            List<ArmedGuardrail> output,
            Map<String, String> restore,
            GuardrailRun run,
            String model,
            @Nullable String keyId,
            @Nullable String teamId) {

        Future<Reply> apply(Reply reply, int windowChars) {
            if (reply instanceof Reply.Streaming streaming) {
                return Future.succeededFuture(new Reply.Streaming(new GuardedStream(
                        streaming.stream(),
                        output,
                        restore,
                        run,
                        this::text,
                        blocked -> GuardrailBlocked.of(ex, blocked, true),
                        windowChars)));
            }
            Reply.Unary unary = (Reply.Unary) reply;
            if (unary.status() / 100 != 2 || !Reply.Unary.JSON.equals(unary.contentType())) {
                return Future.succeededFuture(reply);
            }
            if (!(Json.tryParse(unary.body()).orElse(null) instanceof ObjectNode answer)) {
                return Future.succeededFuture(reply);
            }
            List<String> segments = TextSlots.answer(answer);
            if (segments.isEmpty()) {
                return Future.succeededFuture(reply);
            }
            Future<List<String>> checked = output.isEmpty()
                    ? Future.succeededFuture(segments)
                    : run.run(output, text(segments))
                            .compose(outcome -> outcome.blocked() != null
                                    ? Future.failedFuture(GuardrailBlocked.of(ex, outcome.blocked(), true))
                                    : Future.succeededFuture(outcome.segments()));
            return checked.map(texts -> {
                PlaceholderRestorer restorer = new PlaceholderRestorer(restore);
                List<String> restored = new ArrayList<>(texts.size());
                for (String t : texts) {
                    restored.add(restorer.restoreAll(t));
                }
                if (restored.equals(segments)) {
                    return reply;
                }
                JsonNode rewritten = TextSlots.replaceAnswer(answer, restored);
                // The provider's own bytes hold the unchecked text: the client's writer translates instead.
                return new Reply.Unary(
                        unary.status(), Json.encode(rewritten), unary.usage(), null, unary.contentType());
            });
        }

        GuardrailText text(List<String> segments) {
            return new GuardrailText(Direction.OUTPUT, segments, model, keyId, teamId);
        }
    }
}
