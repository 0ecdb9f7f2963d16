package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.hashing.KeyHashing;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static GatewayConfig parse(String yaml, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env).parse(yaml, "gatehouse.yaml");
    }

    private static ConfigException problemsOf(String yaml) {
        try {
            parse(yaml, Map.of());
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected the config to be rejected");
    }

    @Test
    void readsAFullConfigAndSubstitutesSecretsFromTheEnvironment() throws Exception {
        GatewayConfig config = parse("""
                server:
                  port: 9090
                  max_body_size: 2MB
                  stream_idle_timeout: 45s
                providers:
                  openai:
                    type: openai
                    base_url: https://api.openai.com/v1/
                    api_key: ${OPENAI_API_KEY}
                    headers:
                      OpenAI-Organization: org-123
                    timeouts:
                      connect: 2s
                      first_byte: 30s
                models:
                  - name: gpt-4o
                    provider: openai
                  - name: fast
                    provider: openai
                    model: gpt-4o-mini
                keys:
                  - id: ci
                    key: ${CI_KEY}
                    models: [fast]
                """, Map.of("OPENAI_API_KEY", "sk-upstream", "CI_KEY", "sk-ci-key-1234567890"));

        assertThat(config.server().port()).isEqualTo(9090);
        assertThat(config.server().maxBodyBytes()).isEqualTo(2L * 1024 * 1024);
        ProviderSettings openai = config.providers().get("openai");
        assertThat(openai.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(openai.apiKey()).isEqualTo("sk-upstream");
        assertThat(openai.headers()).containsEntry("OpenAI-Organization", "org-123");
        assertThat(openai.timeouts().connect()).isEqualTo(Duration.ofSeconds(2));
        assertThat(openai.timeouts().idle())
                .as("idle defaults to the server's stream idle timeout")
                .isEqualTo(Duration.ofSeconds(45));
        assertThat(config.models()).extracting(ModelGroup::name).containsExactly("gpt-4o", "fast");
        assertThat(config.keys().get(0).sha256Hex()).isEqualTo(KeyHashing.sha256Hex("sk-ci-key-1234567890"));
        assertThat(openai.toString()).doesNotContain("sk-upstream");
    }

    @Test
    void reportsEveryProblemWithItsPath() {
        ConfigException e = problemsOf("""
                server:
                  port: 70000
                  stream_idle_timeout: soon
                  colour: blue
                providers:
                  openai:
                    type: openia
                    base_url: ftp://example.com
                  local:
                    type: azure
                models:
                  - name: gpt-4o
                    provider: azure
                  - provider: local
                  - name: gpt-4o
                    provider: local
                keys:
                  - id: bad id!
                    key_hash: sha256:xyz
                  - id: nokey
                """);

        assertThat(e.problems())
                .extracting(ConfigProblem::path)
                .contains(
                        "server.port",
                        "server.stream_idle_timeout",
                        "server.colour",
                        "providers.openai.type",
                        "providers.openai.base_url",
                        "providers.local.base_url",
                        "models[0].provider",
                        "models[1].name",
                        "models[2].name",
                        "keys[0].id",
                        "keys[0].key_hash",
                        "keys[1]");
        assertThat(e.getMessage())
                .contains("server.colour: is not a known field")
                .contains("models[0].provider: names provider 'azure', which is not defined under providers")
                .contains("providers.openai.type: 'openia' is not a provider type");
    }

    @Test
    void namesAMissingEnvironmentVariable() {
        ConfigException e = problemsOf("""
                providers:
                  openai:
                    type: openai
                    base_url: https://api.openai.com/v1
                    api_key: ${GATEHOUSE_TEST_UNSET_VARIABLE}
                """);

        assertThat(e.problems())
                .containsExactly(new ConfigProblem(
                        "providers.openai.api_key", "environment variable GATEHOUSE_TEST_UNSET_VARIABLE is not set"));
    }

    @Test
    void usesAnEnvironmentDefaultAndLeavesSecretsOutOfTheYamlParse() throws Exception {
        GatewayConfig config = parse("""
                providers:
                  local:
                    type: openai
                    base_url: ${LOCAL_URL:-http://127.0.0.1:11434/v1}
                    api_key: ${WEIRD}
                """, Map.of("WEIRD", "a: b\n- c # not yaml"));

        assertThat(config.providers().get("local").baseUrl()).isEqualTo("http://127.0.0.1:11434/v1");
        assertThat(config.providers().get("local").apiKey()).isEqualTo("a: b\n- c # not yaml");
    }

    @Test
    void resolvesEnvironmentReferencesInNumbersDurationsAndFlags() throws Exception {
        GatewayConfig config = parse("""
                server:
                  port: ${PORT:-8080}
                  stream_idle_timeout: ${IDLE}
                  access_log: ${LOG_REQUESTS}
                """, Map.of("PORT", "9191", "IDLE", "45s", "LOG_REQUESTS", "false"));

        assertThat(config.server().port()).isEqualTo(9191);
        assertThat(config.server().streamIdleTimeout()).hasSeconds(45);
        assertThat(config.server().accessLog()).isFalse();
        assertThat(problemsOf("server:\n  port: ${NOT_A_NUMBER:-eighty}\n").problems())
                .containsExactly(new ConfigProblem("server.port", "must be a whole number from 0 to 65535"));
    }

    @Test
    void readsTheIoTransportAndNamesTheChoicesForAnUnknownOne() throws Exception {
        assertThat(parse("server:\n  io_transport: NIO\n", Map.of()).server().ioTransport())
                .isEqualTo(IoTransport.NIO);
        assertThat(parse("server:\n  port: 80\n", Map.of()).server().ioTransport())
                .isEqualTo(IoTransport.AUTO);
        assertThat(problemsOf("server:\n  io_transport: kqueue\n").problems())
                .containsExactly(new ConfigProblem(
                        "server.io_transport",
                        "'kqueue' is not an I/O transport; use one of auto, io_uring, epoll, nio"));
    }

    @Test
    void rejectsInvalidYamlWithItsLine() {
        assertThatThrownBy(() -> parse("providers:\n  a: [unclosed\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not valid YAML");
    }

    @Test
    void rejectsWrongTypes() {
        ConfigException e = problemsOf("""
                server: 8080
                models: gpt-4o
                """);

        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("server", "models");
    }

    @Test
    void readsMockSettingsOnlyForMockProviders() {
        ConfigException e = problemsOf("""
                providers:
                  real:
                    type: openai
                    base_url: http://127.0.0.1:1/v1
                    mock:
                      latency: 5ms
                  sim:
                    type: mock
                    mock:
                      error_rate: 1.5
                      chunk_interval: fast
                """);

        assertThat(e.problems())
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder(
                        "providers.real.mock", "providers.sim.mock.error_rate", "providers.sim.mock.chunk_interval");
    }

    @Test
    void readsAzureAsTheAzureProfileOfTheOpenAiDialect() throws Exception {
        GatewayConfig config = parse("""
                providers:
                  az:
                    type: azure
                    base_url: https://r.openai.azure.com
                    drop_params: [seed]
                  az-pinned:
                    type: azure
                    base_url: https://r.openai.azure.com
                    api_version: 2025-04-01-preview
                """, Map.of());

        DialectOptions az = config.providers().get("az").options();
        assertThat(az.apiVersion()).isEqualTo("2024-10-21");
        assertThat(az.compat())
                .isEqualTo(CompatProfiles.get("azure")
                        .rules()
                        .withParams(java.util.List.of("seed"), java.util.List.of(), Map.of()));
        assertThat(config.providers().get("az-pinned").options().apiVersion()).isEqualTo("2025-04-01-preview");
    }

    @Test
    void rejectsUnknownCompatFieldsOfAProviderAndAnApiVersionItsProfileCannotUse() {
        ConfigException e = problemsOf("""
                providers:
                  groq:
                    type: openai
                    profile: groq
                    drop_param: [logprobs]
                    api_version: 2024-10-21
                  az:
                    type: azure
                    profile: groq
                    base_url: https://r.openai.azure.com
                """);

        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        new ConfigProblem("providers.groq.drop_param", "is not a known field"),
                        new ConfigProblem("providers.groq.api_version", "does not apply to providers of type openai"),
                        new ConfigProblem("providers.az.profile", "only applies to providers of type openai"));
    }

    @Test
    void readsTheRedisNamespaceWhichDefaultsToNoneAndMayNotMoveTheHashTag() throws Exception {
        assertThat(parse("state: redis\n", Map.of()).state().keyPrefix()).isEmpty();
        StateSettings named =
                parse("state:\n  type: redis\n  namespace: staging\n", Map.of()).state();
        assertThat(named.namespace()).isEqualTo("staging");
        assertThat(named.keyPrefix()).isEqualTo("staging:");

        assertThat(problemsOf("state:\n  type: redis\n  namespace: \"{tenant}\"\n")
                        .problems())
                .extracting(ConfigProblem::path)
                .containsExactly("state.namespace");
    }

    @Test
    void readsHowInstancesStayInStepWhenRedisFails() throws Exception {
        StateSettings defaults = parse("state: redis\n", Map.of()).state();
        assertThat(defaults.budgetsOnFailure()).isEqualTo(StateSettings.BudgetFailure.FAIL_CLOSED);
        assertThat(defaults.instances()).isNull();
        assertThat(defaults.keyPollInterval()).isEqualTo(Duration.ofSeconds(2));

        StateSettings set = parse("""
                        state:
                          type: redis
                          budgets_on_redis_failure: share
                          instances: 3
                          key_poll_interval: 500ms
                        """, Map.of()).state();
        assertThat(set.budgetsOnFailure()).isEqualTo(StateSettings.BudgetFailure.SHARE);
        assertThat(set.instances()).isEqualTo(3);
        assertThat(set.keyPollInterval()).isEqualTo(Duration.ofMillis(500));

        assertThat(parse("state:\n  type: redis\n  key_poll_interval: 0\n", Map.of())
                        .state()
                        .pollsKeyChanges())
                .isFalse();
    }

    @Test
    void namesAWrongBudgetFailurePolicyOrInstanceCountWithItsPath() {
        ConfigException e = problemsOf("""
                state:
                  type: redis
                  budgets_on_redis_failure: fail_open
                  instances: 0
                """);

        assertThat(e.problems())
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("state.budgets_on_redis_failure", "state.instances");
    }

    @Test
    void refusesUnpricedModelsUnderBudgetsUnlessAllowedAndNamesAWrongValueWithItsPath() throws Exception {
        assertThat(parse("limits: {}\n", Map.of()).limits().allowUnpriced()).isFalse();
        assertThat(parse("limits:\n  budget_unpriced: allow\n", Map.of())
                        .limits()
                        .allowUnpriced())
                .isTrue();

        assertThat(problemsOf("limits:\n  budget_unpriced: free\n").problems())
                .extracting(ConfigProblem::path)
                .containsExactly("limits.budget_unpriced");
    }

    @Test
    void readsAProvidersHealthCheckAndKeepAlive() throws Exception {
        GatewayConfig config = parse("""
                providers:
                  local:
                    type: openai
                    base_url: http://127.0.0.1:8000/v1
                    timeouts:
                      keep_alive: 2s
                    health_check:
                      path: /health
                      method: head
                  quiet:
                    type: openai
                    base_url: http://127.0.0.1:8001/v1
                    health_check:
                      enabled: false
                  plain:
                    type: openai
                    base_url: http://127.0.0.1:8002/v1
                models:
                  - name: m
                    provider: local
                    timeouts:
                      total: 1m
                """, Map.of());

        ProviderSettings local = config.providers().get("local");
        assertThat(local.healthCheck())
                .isEqualTo(new HealthCheckSettings(true, "/health", HealthCheckSettings.Method.HEAD));
        assertThat(local.timeouts().keepAlive()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.providers().get("quiet").healthCheck().enabled()).isFalse();
        assertThat(config.providers().get("plain").healthCheck()).isEqualTo(HealthCheckSettings.DEFAULT);
        assertThat(config.providers().get("plain").timeouts().keepAlive()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.models().get(0).deployments().get(0).timeouts().keepAlive())
                .as("a deployment's own timeouts keep its provider's keep-alive")
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void rejectsBadHealthChecksAndKeepAlivesWithTheirPaths() {
        ConfigException e = problemsOf("""
                providers:
                  a:
                    type: openai
                    base_url: http://127.0.0.1:8000/v1
                    timeouts:
                      keep_alive: 0s
                    health_check:
                      interval: 10s
                      method: DELETE
                      path: health
                  b:
                    type: openai
                    base_url: http://127.0.0.1:8001/v1
                    timeouts:
                      keep_alive: 2h
                  c:
                    type: bedrock
                    region: us-east-1
                    access_key_id: AKIA
                    secret_access_key: s
                    health_check:
                      enabled: false
                models:
                  - name: m
                    provider: a
                    timeouts:
                      keep_alive: 1s
                """);

        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        new ConfigProblem("providers.a.timeouts.keep_alive", "must be longer than 0 and at most 60m"),
                        new ConfigProblem("providers.a.health_check.interval", "is not a known field"),
                        new ConfigProblem(
                                "providers.a.health_check.method",
                                "'DELETE' is not a probe method; use GET, HEAD or POST"),
                        new ConfigProblem(
                                "providers.a.health_check.path",
                                "must be a path after base_url starting with '/', got 'health'"),
                        new ConfigProblem("providers.b.timeouts.keep_alive", "must be longer than 0 and at most 60m"),
                        new ConfigProblem(
                                "providers.c.health_check",
                                "does not apply to providers of type bedrock, which are never probed"),
                        new ConfigProblem(
                                "models[0].timeouts.keep_alive",
                                "belongs to the provider: set it in providers.<name>.timeouts"));
    }

    @Test
    void readsTheShutdownGraceAndDrainWithDefaultsAndRejectsUnknownFieldsByPath() throws Exception {
        assertThat(parse("server:\n  port: 1\n", Map.of()).server().shutdown())
                .isEqualTo(new ShutdownSettings(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30)));
        assertThat(parse("server:\n  shutdown:\n    grace_period: 0s\n    drain_timeout: 2m\n", Map.of())
                        .server()
                        .shutdown())
                .isEqualTo(new ShutdownSettings(java.time.Duration.ZERO, java.time.Duration.ofMinutes(2)));
        assertThat(problemsOf("server:\n  shutdown:\n    grace: 5s\n    drain_timeout: soon\n")
                        .problems())
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("server.shutdown.grace", "server.shutdown.drain_timeout");
    }

    @Test
    void aCustomProviderNeedsItsBaseUrl() {
        assertThat(problemsOf("providers:\n  house:\n    type: custom\n").problems())
                .contains(new ConfigProblem("providers.house.base_url", "is required for providers of type custom"));
    }
}
