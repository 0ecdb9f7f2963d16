package dev.gatehouse.guardrail.remote;

import dev.gatehouse.guardrail.Guardrail;
import dev.gatehouse.guardrail.GuardrailText;
import dev.gatehouse.guardrail.Verdict;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;

/**
 * A guardrail that asks a model routed through the gateway itself to judge the texts (a small,
 * cheap model, say). The answer must start with {@code SAFE} (allow) or {@code UNSAFE} (block, with
 * what follows the colon as the reason); any other answer fails the check, and its
 * {@code on_error} decides.
 */
public final class ClassifierGuardrail implements Guardrail {

    private final String name;
    private final ClassifierSettings settings;
    private final ModelJudge judge;

    public ClassifierGuardrail(String name, ClassifierSettings settings, ModelJudge judge) {
        this.name = name;
        this.settings = settings;
        this.judge = judge;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Future<Verdict> check(GuardrailText text) {
        return judge.ask(settings.model(), settings.instructions(), text.joined(), text.keyId())
                .compose(ClassifierGuardrail::verdict);
    }

    static Future<Verdict> verdict(String answer) {
        String trimmed = answer.strip();
        String upper = trimmed.toUpperCase(Locale.ROOT);
        if (upper.startsWith("UNSAFE")) {
            int colon = trimmed.indexOf(':');
            String reason = colon < 0 ? "" : trimmed.substring(colon + 1).strip();
            return Future.succeededFuture(new Verdict.Block(
                    reason.isEmpty() ? "judged unsafe" : "judged unsafe: " + reason, List.of("classifier:unsafe")));
        }
        if (upper.startsWith("SAFE")) {
            return Future.succeededFuture(Verdict.Allow.clean());
        }
        return Future.failedFuture("the classifier's answer was neither SAFE nor UNSAFE");
    }
}
