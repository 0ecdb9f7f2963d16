package dev.gatehouse.guardrail.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GuardrailSettings;
import dev.gatehouse.guardrail.remote.WebhookSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardrailConfigTest {

    private static GatewayConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(Map.of("HOOK_TOKEN", "t0ken"))
                .withGuardrailTypes(BuiltInGuardrails.READERS)
                .parse(yaml, "test");
    }

    @Test
    void readsDefinitionsWithTheirTypeFieldsAndPolicies() throws Exception {
        GatewayConfig config = parse("""
                guardrails:
                  - name: hook
                    type: webhook
                    url: https://guard.example/check
                    headers: {authorization: "Bearer ${HOOK_TOKEN}"}
                    on_error: block
                    timeout: 500ms
                guardrail_policies:
                  global: {input: [hook]}
                  keys:
                    k1: {input: [], output: [hook]}
                """);
        GuardrailSettings hook = config.guardrails().definitions().get(0);
        assertThat(hook.onError()).isEqualTo(GuardrailSettings.OnError.BLOCK);
        assertThat(hook.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(((WebhookSettings) hook.options()).headers()).containsEntry("authorization", "Bearer t0ken");
        assertThat(config.guardrails().keys().get("k1").input()).isEmpty();
        assertThat(config.guardrails().global().output()).isNull();
    }

    @Test
    void reportsEveryMistakeWithItsPath() {
        assertThatThrownBy(() -> parse("""
                        guardrails:
                          - name: hook
                            type: webhok
                          - name: mod
                            type: moderation
                            provider: nobody
                            colour: red
                        guardrail_policies:
                          global: {input: [missing]}
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("guardrails[0].type")
                .hasMessageContaining("'webhok' is not a guardrail type")
                .hasMessageContaining("guardrails[1].provider")
                .hasMessageContaining("guardrails[1].colour")
                .hasMessageContaining("guardrail_policies.global.input");
    }
}
