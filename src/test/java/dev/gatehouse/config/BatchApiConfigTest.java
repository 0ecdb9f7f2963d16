package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A deployment's {@code batch_api}, {@code batch_discount} and {@code batch_poll_interval}. */
class BatchApiConfigTest {

    private static GatewayConfig parse(String models) throws ConfigException {
        return new ConfigLoader(Map.of()).parse("""
                providers:
                  openai: {type: openai, api_key: sk-o}
                  anthropic: {type: anthropic, api_key: sk-a}
                  gemini: {type: gemini, api_key: g}
                """ + models, "test.yaml");
    }

    @Test
    void readsTheBatchApiWithTheDocumentedHalfPriceByDefault() throws Exception {
        GatewayConfig config = parse("""
                models:
                  - name: gpt-4o
                    deployments:
                      - provider: openai
                        batch_api: true
                      - provider: anthropic
                        model: claude-sonnet-4-20250514
                        batch_api: true
                        batch_discount: 0.4
                        batch_poll_interval: 5s
                      - provider: openai
                """);
        ModelGroup group = config.models().get(0);
        assertThat(group.deployments().get(0).batchApi())
                .isEqualTo(new BatchApiSettings(0.5, BatchApiSettings.DEFAULT_POLL));
        assertThat(group.deployments().get(1).batchApi()).isEqualTo(new BatchApiSettings(0.4, Duration.ofSeconds(5)));
        assertThat(group.deployments().get(2).batchApi()).isNull();
    }

    @Test
    void refusesTheBatchApiOnAProviderWithoutOneAndStraySettings() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse("""
                models:
                  - name: gemini-2.5-flash
                    deployments:
                      - provider: gemini
                        batch_api: true
                      - provider: openai
                        batch_discount: 0.5
                      - provider: openai
                        batch_api: true
                        batch_discount: 1.5
                """));
        assertThat(e.getMessage())
                .contains("models[0].deployments[0].batch_api")
                .contains("type gemini, which has no batch API")
                .contains("models[0].deployments[1].batch_discount")
                .contains("models[0].deployments[2].batch_discount");
    }
}
