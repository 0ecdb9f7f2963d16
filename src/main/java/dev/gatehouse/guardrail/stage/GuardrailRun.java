package dev.gatehouse.guardrail.stage;

import dev.gatehouse.config.GuardrailSettings;
import dev.gatehouse.guardrail.GuardrailText;
import dev.gatehouse.guardrail.Verdict;
import dev.gatehouse.metering.GuardrailCheck;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a policy's guardrails over one set of texts, one after the other, each seeing the texts as the
 * ones before it left them. A check that fails, outlasts its {@code timeout} or answers with the
 * wrong number of segments is decided by its {@code on_error}. Each decision is reported with its
 * time. Event loop; never blocks.
 */
final class GuardrailRun {

    private static final Logger LOG = LoggerFactory.getLogger(GuardrailRun.class);

    /**
     * @param segments the texts after every redaction
     * @param restore placeholder to original value, from every redaction that asked for it
     * @param blocked the block that stopped the run, or {@code null}
     */
    record Outcome(
            List<String> segments,
            Map<String, String> restore,
            @Nullable Blocked blocked) {

        boolean changed(List<String> original) {
            return !segments.equals(original);
        }
    }

    /** Which guardrail blocked, and the reason the client sees. */
    record Blocked(String guardrail, String reason) {}

    private final GatewayClock clock;
    private final Consumer<GuardrailCheck> record;
    private final String requestId;

    GuardrailRun(GatewayClock clock, Consumer<GuardrailCheck> record, String requestId) {
        this.clock = clock;
        this.record = record;
        this.requestId = requestId;
    }

    Future<Outcome> run(List<ArmedGuardrail> guardrails, GuardrailText text) {
        return step(guardrails, 0, text, new HashMap<>());
    }

    private Future<Outcome> step(
            List<ArmedGuardrail> guardrails, int i, GuardrailText text, Map<String, String> restore) {
        if (i == guardrails.size()) {
            return Future.succeededFuture(new Outcome(text.segments(), restore, null));
        }
        ArmedGuardrail armed = guardrails.get(i);
        long start = clock.nanoTime();
        return checked(armed, text).transform(done -> {
            double ms = clock.millisSince(start);
            String direction = text.direction().name().toLowerCase(Locale.ROOT);
            Verdict verdict = done.succeeded() ? done.result() : null;
            if (verdict instanceof Verdict.Redact redact
                    && redact.segments().size() != text.segments().size()) {
                verdict = null;
            }
            if (verdict == null) {
                String why = done.failed() ? done.cause().getMessage() : "a redaction with the wrong number of texts";
                // The message names the failure, never the checked text.
                LOG.warn(
                        "guardrail {} could not decide on request {}: {}; on_error {}",
                        armed.name(),
                        requestId,
                        why,
                        armed.settings().onError());
                boolean block = armed.settings().onError() == GuardrailSettings.OnError.BLOCK;
                record.accept(new GuardrailCheck(
                        armed.name(), direction, block ? "error_block" : "error_allow", List.of(), ms));
                if (block) {
                    return Future.succeededFuture(new Outcome(
                            text.segments(), restore, new Blocked(armed.name(), "the guardrail could not decide")));
                }
                return step(guardrails, i + 1, text, restore);
            }
            record.accept(new GuardrailCheck(armed.name(), direction, action(verdict), verdict.findings(), ms));
            if (verdict instanceof Verdict.Block block) {
                return Future.succeededFuture(
                        new Outcome(text.segments(), restore, new Blocked(armed.name(), block.reason())));
            }
            if (verdict instanceof Verdict.Redact redact) {
                restore.putAll(redact.restore());
                return step(guardrails, i + 1, with(text, redact.segments()), restore);
            }
            return step(guardrails, i + 1, text, restore);
        });
    }

    /** The check, failed after the guardrail's timeout; a check that throws fails too. */
    private Future<Verdict> checked(ArmedGuardrail armed, GuardrailText text) {
        Promise<Verdict> result = Promise.promise();
        GatewayClock.Timer timer = clock.schedule(
                armed.settings().timeout(),
                () -> result.tryFail(
                        "timed out after " + armed.settings().timeout().toMillis() + "ms"));
        Future<Verdict> check;
        try {
            check = armed.guardrail().check(text);
        } catch (RuntimeException e) {
            check = Future.failedFuture(e);
        }
        check.onComplete(done -> {
            timer.cancel();
            if (done.succeeded() && done.result() != null) {
                result.tryComplete(done.result());
            } else {
                result.tryFail(done.failed() ? done.cause() : new IllegalStateException("no verdict"));
            }
        });
        return result.future();
    }

    private static String action(Verdict verdict) {
        if (verdict instanceof Verdict.Block) {
            return "block";
        }
        return verdict instanceof Verdict.Redact ? "redact" : "allow";
    }

    private static GuardrailText with(GuardrailText text, List<String> segments) {
        return new GuardrailText(text.direction(), segments, text.model(), text.keyId(), text.teamId());
    }
}
