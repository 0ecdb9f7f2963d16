package dev.gatehouse.metering;

import dev.gatehouse.pipeline.Exchange;
import java.util.ArrayList;
import java.util.List;

/**
 * The guardrail decisions of one request, in the order they were made, collected on its exchange by
 * the guardrail stage and read into the usage record. Event-loop confined, like the exchange.
 */
public final class GuardrailChecks {

    public static final Exchange.Key<GuardrailChecks> KEY = Exchange.Key.of("guardrail-checks");

    private final List<GuardrailCheck> checks = new ArrayList<>(2);

    /** The exchange's collection, created on first use. */
    public static GuardrailChecks of(Exchange ex) {
        GuardrailChecks checks = ex.find(KEY);
        if (checks == null) {
            checks = new GuardrailChecks();
            ex.put(KEY, checks);
        }
        return checks;
    }

    public void add(GuardrailCheck check) {
        checks.add(check);
    }

    public List<GuardrailCheck> list() {
        return List.copyOf(checks);
    }

    /** The decisions on {@code ex} so far; empty when no guardrail ran. */
    static List<GuardrailCheck> on(Exchange ex) {
        GuardrailChecks checks = ex.find(KEY);
        return checks == null ? List.of() : checks.list();
    }
}
