package dev.gatehouse.guardrail.stage;

import dev.gatehouse.auth.KeyStore;
import dev.gatehouse.auth.Team;
import dev.gatehouse.auth.VirtualKey;
import dev.gatehouse.config.GuardrailPolicy;
import dev.gatehouse.config.GuardrailsConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds stored key and team policies that name guardrails the config does not define. The admin API
 * refuses such names, so they appear only when a reload removed or renamed a guardrail. The reload
 * is not refused for it (the store may hold policies of thousands of keys, and an operator removing
 * a broken guardrail must be able to); instead the names are skipped when requests run, and each
 * affected key and team is logged once per config load, so the operator can fix the policies.
 */
public final class StoredPolicyCheck {

    private static final Logger LOG = LoggerFactory.getLogger(StoredPolicyCheck.class);

    private StoredPolicyCheck() {}

    /** One policy with names the config lacks: {@code scope} is {@code key} or {@code team}. */
    public record Stale(String scope, String id, Set<String> missing) {}

    public static List<Stale> find(GuardrailsConfig config, KeyStore.Snapshot stored) {
        List<Stale> out = new ArrayList<>();
        for (Team t : stored.teams()) {
            add(out, "team", t.id(), t.guardrails(), config);
        }
        for (VirtualKey k : stored.keys()) {
            if (!k.revoked()) {
                add(out, "key", k.id(), k.guardrails(), config);
            }
        }
        return out;
    }

    /** Logs a warning for each stale policy of {@code stored}. */
    public static void warn(GuardrailsConfig config, KeyStore.Snapshot stored) {
        for (Stale s : find(config, stored)) {
            LOG.warn(
                    "config: the stored guardrail policy of {} '{}' names guardrails the config does not define"
                            + " ({}); they are skipped until the policy or the config is fixed",
                    s.scope(),
                    s.id(),
                    String.join(", ", s.missing()));
        }
    }

    private static void add(List<Stale> out, String scope, String id, GuardrailPolicy policy, GuardrailsConfig config) {
        Set<String> missing = new LinkedHashSet<>();
        collect(missing, policy.input(), config);
        collect(missing, policy.output(), config);
        if (!missing.isEmpty()) {
            out.add(new Stale(scope, id, Set.copyOf(missing)));
        }
    }

    private static void collect(Set<String> missing, @Nullable List<String> names, GuardrailsConfig config) {
        if (names == null) {
            return;
        }
        for (String name : names) {
            if (config.definition(name) == null) {
                missing.add(name);
            }
        }
    }
}
