package dev.gatehouse.guardrail.injection;

import dev.gatehouse.guardrail.Direction;
import dev.gatehouse.guardrail.Guardrail;
import dev.gatehouse.guardrail.GuardrailText;
import dev.gatehouse.guardrail.Verdict;
import io.vertx.core.Future;
import java.util.List;

/**
 * The built-in prompt-injection guardrail: scores the joined texts with {@link InjectionScorer} and,
 * at or above the threshold, blocks (or, with {@code log_only}, allows) with findings such as
 * {@code injection:ignore_instructions}. Below the threshold the text passes without findings. Pure
 * and thread-safe; {@link #check} completes before it returns, so it runs on the event loop.
 */
public final class InjectionGuardrail implements Guardrail {

    private final String name;
    private final InjectionSettings settings;
    private final InjectionScorer scorer = new InjectionScorer();

    public InjectionGuardrail(InjectionSettings settings) {
        this("injection", settings);
    }

    public InjectionGuardrail(String name, InjectionSettings settings) {
        this.name = name;
        this.settings = settings;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Future<Verdict> check(GuardrailText text) {
        return Future.succeededFuture(decide(text));
    }

    /** The verdict on {@code text}, computed on the calling thread. */
    public Verdict decide(GuardrailText text) {
        InjectionScore score = scorer.score(text.joined());
        if (score.total() < settings.threshold()) {
            return Verdict.Allow.clean();
        }
        List<String> findings =
                score.signals().stream().map(s -> "injection:" + s).toList();
        if (settings.action() == InjectionAction.LOG_ONLY) {
            return new Verdict.Allow(findings);
        }
        String what = text.direction() == Direction.INPUT ? "the request" : "the answer";
        return new Verdict.Block(
                what + " looks like a prompt injection (" + String.join(", ", score.signals()) + ")", findings);
    }
}
