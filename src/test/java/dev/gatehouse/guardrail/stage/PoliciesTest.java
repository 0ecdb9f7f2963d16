package dev.gatehouse.guardrail.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.GuardrailPolicy;
import dev.gatehouse.config.GuardrailsConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoliciesTest {

    private static GuardrailPolicy in(String... names) {
        return new GuardrailPolicy(List.of(names), null);
    }

    private static final GuardrailsConfig CONFIG = new GuardrailsConfig(
            List.of(),
            new GuardrailPolicy(List.of("global-in"), List.of("global-out")),
            Map.of("gpt", in("model-in")),
            Map.of("red", in("team-in")),
            Map.of("k1", in("key-in")),
            GuardrailsConfig.DEFAULT_WINDOW_CHARS);

    @Test
    void theMostSpecificScopeThatSetsADirectionDecidesIt() {
        Policies.Resolved key =
                Policies.resolve(CONFIG, "k1", "red", "gpt", GuardrailPolicy.UNSET, GuardrailPolicy.UNSET);
        assertThat(key.input()).containsExactly("key-in");
        // No scope below global sets output: the global policy's output applies.
        assertThat(key.output()).containsExactly("global-out");
        assertThat(Policies.resolve(CONFIG, "k2", "red", "gpt", GuardrailPolicy.UNSET, GuardrailPolicy.UNSET)
                        .input())
                .containsExactly("team-in");
        assertThat(Policies.resolve(CONFIG, "k2", null, "gpt", GuardrailPolicy.UNSET, GuardrailPolicy.UNSET)
                        .input())
                .containsExactly("model-in");
        assertThat(Policies.resolve(CONFIG, "k2", null, "other", GuardrailPolicy.UNSET, GuardrailPolicy.UNSET)
                        .input())
                .containsExactly("global-in");
    }

    @Test
    void anEmptyListTurnsADirectionOffAndAStoredPolicyWinsOverTheConfigsForItsScope() {
        GuardrailPolicy none = new GuardrailPolicy(List.of(), null);
        assertThat(Policies.resolve(CONFIG, "k1", "red", "gpt", none, GuardrailPolicy.UNSET)
                        .input())
                .isEmpty();
        assertThat(Policies.resolve(CONFIG, "k2", "red", "gpt", GuardrailPolicy.UNSET, in("stored-team"))
                        .input())
                .containsExactly("stored-team");
    }
}
