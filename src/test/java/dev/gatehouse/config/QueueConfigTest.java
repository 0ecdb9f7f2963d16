package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A model group's {@code queue} and a deployment's {@code rpm}, {@code tpm} and {@code low_priority_share}. */
class QueueConfigTest {

    private static GatewayConfig parse(String models) throws ConfigException {
        return new ConfigLoader(Map.of()).parse("""
                providers:
                  openai:
                    type: openai
                """ + models, "test.yaml");
    }

    @Test
    void readsAGroupQueueAndDeploymentRateLimits() throws Exception {
        GatewayConfig config = parse("""
                models:
                  - name: gpt-4o
                    queue: {max_wait: 45s, max_depth: 20}
                    deployments:
                      - provider: openai
                        rpm: 500
                        tpm: 30000
                        low_priority_share: 0.25
                      - provider: openai
                        model: gpt-4o-mini
                """);
        ModelGroup group = config.models().get(0);
        assertThat(group.queue()).isEqualTo(new QueuePolicy(Duration.ofSeconds(45), 20));
        assertThat(group.deployments().get(0).rateLimit()).isEqualTo(new DeploymentRateLimit(500L, 30000L, 0.25));
        assertThat(group.deployments().get(1).rateLimit()).isNull();
    }

    @Test
    void reportsQueueAndRateLimitMistakesWithTheirPaths() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse("""
                models:
                  - name: gpt-4o
                    queue: {max_wait: 2h, max_depth: 0, depth: 3}
                    deployments:
                      - provider: openai
                        rpm: -1
                      - provider: openai
                        low_priority_share: 0.5
                """));
        assertThat(e.problems())
                .extracting(ConfigProblem::path)
                .contains(
                        "models[0].queue.max_wait",
                        "models[0].queue.max_depth",
                        "models[0].queue.depth",
                        "models[0].deployments[0].rpm",
                        "models[0].deployments[1].low_priority_share");
    }
}
