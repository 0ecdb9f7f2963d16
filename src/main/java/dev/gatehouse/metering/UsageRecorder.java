package dev.gatehouse.metering;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.RequestOptions;
import dev.gatehouse.api.StoredText;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.config.Prices;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.prompts.PromptUse;
import dev.gatehouse.routing.Candidate;
import dev.gatehouse.routing.DispatchOutcome;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RoutePlan;
import dev.gatehouse.usage.Cost;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns a finished exchange into its one {@link UsageRecord} and hands it to the sink (the durable
 * spool) and the audit log. The {@link Meter} stage calls it once per request, on the request's
 * event loop, before the reply's last bytes go out (or when the client went away). A stream cut
 * short is recorded once its usage is settled: the provider's own counts when it sent them, else
 * the estimate of what was generated.
 */
public final class UsageRecorder {

    /** How the request ended, as the response side of the pipeline saw it. */
    public record Ending(int status, @Nullable String errorType, long endNanos) {}

    /** The status of a request whose client went away before its answer was fully written (nginx's). */
    public static final int CLIENT_GONE = 499;

    public static final String CLIENT_CLOSED = "client_closed";

    /** The record staged for the exchange, once it is. */
    private static final Exchange.Key<UsageRecord> STAGED = Exchange.Key.of("usage-staged");

    private final UsageSink sink;
    private final Cost cost;
    private final @Nullable AuditLog audit;
    private final InstantSource clock;

    /**
     * @param audit the audit log, or {@code null} when it is off
     * @param clock wall time, to date records (the exchange's own times are monotonic readings)
     */
    public UsageRecorder(UsageSink sink, Cost cost, @Nullable AuditLog audit, InstantSource clock) {
        this.sink = sink;
        this.cost = cost;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The record staged for {@code ex} so far (a correction once the client left), or {@code null}
     * before the meter built it. For the request's span, which ends after the meter's record.
     */
    public static @Nullable UsageRecord staged(Exchange ex) {
        return ex.find(STAGED);
    }

    /**
     * Builds the record and stages it, so that a client that saw a complete response can count on
     * its record surviving a crash of the process. The future completes on the caller's event loop
     * once the record is staged in the spool's memory-mapped ring (a copy into memory, usually before
     * this returns; never a system call, an fsync or a database call), with what was recorded.
     */
    public Future<RequestSummary> record(Exchange ex, Ending ending) {
        Context context = Vertx.currentContext();
        Promise<RequestSummary> written = Promise.promise();
        Usage known = ex.find(Account.USAGE);
        Future<Usage> pending = ex.find(Account.PENDING_USAGE);
        if (known == null && pending != null && !pending.isComplete()) {
            pending.onComplete(u -> emit(ex, ending, u.succeeded() ? u.result() : null, context, written));
        } else {
            emit(
                    ex,
                    ending,
                    known != null ? known : pending != null && pending.succeeded() ? pending.result() : null,
                    context,
                    written);
        }
        return written.future();
    }

    private void emit(
            Exchange ex, Ending ending, @Nullable Usage usage, Context context, Promise<RequestSummary> written) {
        // The client left while the record waited for the stream's usage: it did not get the end.
        Ending outcome = ex.isCancelled() && ending.status() != CLIENT_GONE
                ? new Ending(CLIENT_GONE, CLIENT_CLOSED, ending.endNanos())
                : ending;
        UsageRecord record = build(ex, outcome, usage);
        ex.put(STAGED, record);
        RequestSummary summary = RequestSummary.of(record, ex);
        // The sink usually reports the record written before it returns, on this thread: complete
        // at once then, rather than through another turn of the event loop.
        sink.accept(record, () -> {
            if (context == null || Vertx.currentContext() == context) {
                written.tryComplete(summary);
            } else {
                context.runOnContext(v -> written.tryComplete(summary));
            }
        });
        if (audit != null) {
            audit.accept(
                    record,
                    audit.keepsContent() ? prompt(ex.find(CanonicalRequest.KEY)) : null,
                    ex.find(Account.ANSWER_BODY));
        }
    }

    /**
     * The client went away before its answer was fully written. When the exchange's record was
     * already staged with another outcome (it is staged before the reply leaves, so that a client
     * who saw a complete answer can count on it), stages a {@linkplain UsageRecord#correction
     * correction} to 499 for the store and the audit log. The access log and metrics keep the status
     * they were told. Event loop; never blocks.
     */
    public void clientGone(Exchange ex) {
        UsageRecord staged = ex.find(STAGED);
        if (staged == null || staged.status() == CLIENT_GONE) {
            return;
        }
        UsageRecord correction = staged.toBuilder()
                .status(CLIENT_GONE)
                .errorType(CLIENT_CLOSED)
                .correction(true)
                .build();
        ex.put(STAGED, correction);
        sink.accept(correction);
        if (audit != null) {
            audit.accept(correction, null, null);
        }
    }

    /**
     * Stages the record of one MCP tool call and its audit entry, which keeps {@code arguments} and
     * {@code result} (JSON texts) only when the audit log keeps content. Event loop; never blocks.
     */
    public void recordToolCall(UsageRecord record, @Nullable String arguments, @Nullable String result) {
        sink.accept(record);
        if (audit != null) {
            audit.accept(
                    record,
                    audit.keepsContent() ? arguments : null,
                    audit.keepsContent() && result != null ? Buffer.buffer(result) : null);
        }
    }

    /** The request's message texts, one {@code role: text} line each, or the embeddings input. */
    static @Nullable String prompt(@Nullable CanonicalRequest request) {
        if (request == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode m : request.body().path("messages")) {
            JsonNode content = m.path("content");
            out.append(m.path("role").asText("")).append(": ");
            if (content.isTextual()) {
                out.append(content.asText());
            } else {
                for (JsonNode part : content) {
                    out.append(part.path("text").asText(""));
                }
            }
            out.append('\n');
        }
        JsonNode input = request.body().path("input");
        if (!input.isMissingNode()) {
            out.append(input.isTextual() ? input.asText() : input.toString());
        }
        return out.toString();
    }

    UsageRecord build(Exchange ex, Ending ending, @Nullable Usage usage) {
        Principal principal = ex.find(Principal.KEY);
        CanonicalRequest request = ex.find(CanonicalRequest.KEY);
        Route route = ex.find(Route.KEY);
        DispatchOutcome outcome = ex.find(DispatchOutcome.KEY);
        Long answered = ex.find(Account.ANSWERED_NANOS);
        Usage u = usage == null ? Usage.NONE : usage;
        // A request that never got an answer used nothing: that zero is known, not a missing price.
        Double usd = usage != null && route != null
                ? cost.of(
                        u,
                        deploymentPrices(ex, outcome),
                        route.upstreamModel(),
                        ex.config().usage().prices())
                : Double.valueOf(0.0);
        CacheOutcome cached = ex.find(CacheOutcome.KEY);
        long latencyNanos = ending.endNanos() - ex.startNanos();
        PromptUse prompt = ex.find(PromptUse.KEY);
        return UsageRecord.builder()
                .requestId(ex.requestId())
                .timeMs(clock.millis() - latencyNanos / 1_000_000)
                .keyId(principal == null ? null : principal.keyId())
                .userId(principal == null ? null : principal.userId())
                .teamId(principal == null ? null : principal.teamId())
                .tags(tags(RequestOptions.of(ex), request))
                .metadata(RequestOptions.of(ex).metadata())
                .publicModel(request == null ? null : request.model())
                .provider(route == null ? null : route.provider().name())
                .deployment(outcome == null ? null : outcome.deployment())
                .inputTokens(u.inputTokens())
                .cachedTokens(u.cachedInputTokens())
                .cacheWriteTokens(u.cacheWriteTokens())
                .outputTokens(u.outputTokens())
                .reasoningTokens(u.reasoningTokens())
                .estimated(u.estimated())
                .costUsd(usd)
                .latencyMs(latencyNanos / 1e6)
                .ttftMs(answered == null ? null : (answered - ex.startNanos()) / 1e6)
                .status(ending.status())
                .errorType(ending.errorType())
                .cache(cached == null ? "none" : cached.cache())
                .savedUsd(cached == null ? null : cached.savedUsd())
                .attempts(outcome == null ? 0 : outcome.attempts())
                .fallback(outcome != null && outcome.fallback())
                .endpoint(ex.request().path())
                .guardrails(GuardrailChecks.on(ex))
                .prompt(
                        prompt == null ? null : prompt.id(),
                        prompt == null ? null : prompt.version(),
                        prompt == null ? null : prompt.arm())
                .build();
    }

    /**
     * What {@code usage} costs at the deployment that answered the exchange, as its record will say:
     * {@code null} when that model has no price, 0 when no deployment answered. For the response
     * cache, which keeps the cost of an answer as what each later hit saves. Event loop; pure.
     */
    public @Nullable Double costOf(Exchange ex, Usage usage) {
        Route route = ex.find(Route.KEY);
        if (route == null) {
            return 0.0;
        }
        // prices() rather than of(): the record counts an unpriced request once, this is not it.
        Prices prices = cost.prices(
                deploymentPrices(ex, ex.find(DispatchOutcome.KEY)),
                route.upstreamModel(),
                ex.config().usage().prices());
        return prices == null ? null : Cost.dollars(prices, usage);
    }

    private static @Nullable Prices deploymentPrices(Exchange ex, @Nullable DispatchOutcome outcome) {
        RoutePlan plan = ex.find(RoutePlan.KEY);
        if (plan == null || outcome == null) {
            return null;
        }
        for (Candidate c : plan.candidates()) {
            if (c.id().equals(outcome.deployment())) {
                return c.deployment().prices();
            }
        }
        return null;
    }

    /**
     * The request's tag option ({@code x-gateway-options.tags} or {@code x-gatehouse-tags}, read before
     * authentication, so a request refused for its key is still recorded with them) wins; else the
     * body's {@code metadata.tags} (a list or a comma list). A tag holding a NUL is left out: no store
     * can be asked to keep it.
     */
    static List<String> tags(RequestOptions options, @Nullable CanonicalRequest request) {
        if (!options.tags().isEmpty()) {
            return options.tags();
        }
        List<String> out = new ArrayList<>();
        if (request == null) {
            return out;
        }
        JsonNode tags = request.body().path("metadata").path("tags");
        if (tags.isTextual()) {
            split(tags.asText(), out);
        } else if (tags.isArray()) {
            for (JsonNode t : tags) {
                if (t.isTextual() && !t.asText().isBlank() && !StoredText.hasNul(t.asText())) {
                    out.add(t.asText().trim());
                }
            }
        }
        return out;
    }

    private static void split(String list, List<String> out) {
        for (String t : list.split(",")) {
            if (!t.isBlank() && !StoredText.hasNul(t)) {
                out.add(t.trim());
            }
        }
    }
}
