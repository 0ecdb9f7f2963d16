package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelGroupConfigTest {

    private static final String PROVIDERS = """
            providers:
              openai:
                type: openai
              anthropic:
                type: anthropic
                api_key: x
              groq:
                type: openai
                profile: groq
            """;

    private static GatewayConfig parse(String models) throws ConfigException {
        return new ConfigLoader(Map.of()).parse(PROVIDERS + models, "test.yaml");
    }

    private static ConfigException problems(String models) {
        try {
            parse(models);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected problems");
    }

    @Test
    void readsGroupsWithDeploymentsStrategiesFallbacksAndTiers() throws Exception {
        GatewayConfig config = parse("""
                router:
                  retries: 3
                  backoff_base: 100ms
                  circuit_breaker:
                    consecutive_failures: 4
                    cooldown: 10s
                models:
                  - name: smart
                    aliases: [default]
                    strategy: weighted
                    deployments:
                      - provider: openai
                        model: gpt-4o
                        weight: 90
                        context_window: 128000
                        capabilities: [tools, streaming]
                        prices: {input: 2.5, output: 10}
                        timeouts: {first_byte: 5s}
                        tags: [primary]
                      - provider: anthropic
                        model: claude-sonnet-4-5
                        weight: 10
                    fallbacks: [cheap]
                  - name: cheap
                    provider: groq
                    model: llama-3.1-8b-instant
                  - name: auto
                    strategy: complexity
                    tiers: {simple: cheap, complex: smart}
                """);

        ModelGroup smart = config.models().get(0);
        assertThat(smart.strategy()).isEqualTo(RoutingStrategy.WEIGHTED);
        assertThat(smart.aliases()).containsExactly("default");
        DeploymentSettings first = smart.deployments().get(0);
        assertThat(first.weight()).isEqualTo(90);
        assertThat(first.contextWindow()).isEqualTo(128000);
        assertThat(first.capabilities()).containsExactlyInAnyOrder(Capability.TOOLS, Capability.STREAMING);
        assertThat(first.prices().output()).isEqualTo(10.0);
        assertThat(first.prices().cachedInput())
                .as("defaults to the input price")
                .isEqualTo(2.5);
        assertThat(first.timeouts().firstByte()).hasSeconds(5);
        assertThat(smart.fallbacks()).containsExactly("cheap");
        assertThat(config.models().get(2).tiers()).containsEntry("simple", "cheap");
        assertThat(config.router().retries()).isEqualTo(3);
        assertThat(config.router().breaker().consecutiveFailures()).isEqualTo(4);
        assertThat(config.providers().get("groq").baseUrl()).isEqualTo("https://api.groq.com/openai/v1");
    }

    @Test
    void rejectsAnUnknownStrategyAMissingChainTargetAndBadTiers() {
        ConfigException e = problems("""
                models:
                  - name: smart
                    strategy: roulette
                    provider: openai
                  - name: chain
                    provider: openai
                    fallbacks: [nowhere]
                  - name: auto
                    strategy: complexity
                    tiers: {trivial: chain, complex: missing}
                  - name: both
                    provider: openai
                    deployments:
                      - provider: openai
                """);

        assertThat(e.problems())
                .extracting(ConfigProblem::path)
                .contains(
                        "models[0].strategy",
                        "models[1].fallbacks[0]",
                        "models[2].tiers.trivial",
                        "models[2].tiers.complex",
                        "models[3].provider");
        assertThat(e.getMessage())
                .contains("'roulette' is not a strategy")
                .contains("names model 'nowhere', which is not defined under models");
    }

    @Test
    void rejectsACycleAndNamesIt() {
        ConfigException e = problems("""
                models:
                  - name: a
                    provider: openai
                    fallbacks: [b]
                  - name: b
                    provider: anthropic
                    fallbacks: [c]
                  - name: c
                    provider: groq
                    fallbacks: [a]
                """);

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).message()).isEqualTo("is part of a routing cycle: a -> b -> c -> a");
    }

    @Test
    void rejectsAChainIntoAPatternGroupThatWouldSendTheRequestedName() {
        ConfigException e = problems("""
                models:
                  - name: smart
                    provider: openai
                    model: gpt-4o
                    fallbacks: ["llama-*", "named-*"]
                  - name: auto
                    strategy: complexity
                    tiers: {simple: "llama-*", complex: smart}
                  - name: "llama-*"
                    provider: groq
                  - name: "named-*"
                    provider: groq
                    model: llama-3.1-8b-instant
                """);

        assertThat(e.problems())
                .extracting(ConfigProblem::path)
                .containsExactly("models[0].fallbacks[0]", "models[1].tiers.simple");
        assertThat(e.problems().get(0).message())
                .startsWith("names pattern 'llama-*', whose deployments without a model");
    }

    @Test
    void warnsWhenAChainNeverLeavesOneCompany() throws Exception {
        GatewayConfig config = new ConfigLoader(Map.of()).parse("""
                providers:
                  openai:
                    type: openai
                  openai-backup:
                    type: openai
                    api_key: other-account
                  anthropic:
                    type: anthropic
                models:
                  - name: fragile
                    deployments:
                      - provider: openai
                        model: gpt-4o
                      - provider: openai-backup
                        model: gpt-4o
                  - name: sturdy
                    provider: openai
                    model: gpt-4o
                    fallbacks: [claude]
                  - name: claude
                    provider: anthropic
                    model: claude-sonnet-4-5
                """, "test.yaml");

        assertThat(ConfigWarnings.of(config))
                .containsExactly(
                        "models[0] 'fragile': its fallback chain never leaves openai.com, so an outage there has nowhere to fall back to");
    }
}
