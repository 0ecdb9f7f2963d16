package dev.gatehouse.guardrail.stage;

import dev.gatehouse.config.GuardrailPolicy;
import dev.gatehouse.config.GuardrailsConfig;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which guardrails run on a request and on its answer. Per direction, the most specific scope that
 * sets a list decides alone: the key, else its team, else the model group the request names, else
 * the global policy. Config and admin-set (stored) policies of a key or team are one scope: the
 * stored one, when it sets the direction, wins over the config's. Pure.
 */
final class Policies {

    private Policies() {}

    /** The guardrail names for each direction; empty lists when no scope sets one. */
    record Resolved(List<String> input, List<String> output) {
        static final Resolved NONE = new Resolved(List.of(), List.of());

        boolean isEmpty() {
            return input.isEmpty() && output.isEmpty();
        }
    }

    static Resolved resolve(
            GuardrailsConfig config,
            @Nullable String keyId,
            @Nullable String teamId,
            String model,
            GuardrailPolicy storedKey,
            GuardrailPolicy storedTeam) {
        GuardrailPolicy[] scopes = {
            storedKey,
            keyId == null ? null : config.keys().get(keyId),
            storedTeam,
            teamId == null ? null : config.teams().get(teamId),
            config.models().get(model),
            config.global()
        };
        List<String> input = null;
        List<String> output = null;
        for (GuardrailPolicy scope : scopes) {
            if (scope == null) {
                continue;
            }
            if (input == null) {
                input = scope.input();
            }
            if (output == null) {
                output = scope.output();
            }
        }
        return new Resolved(input == null ? List.of() : input, output == null ? List.of() : output);
    }
}
