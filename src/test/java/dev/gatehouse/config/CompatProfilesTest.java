package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The profile table is read as strictly as a config file. */
class CompatProfilesTest {

    @Test
    void theBundledTableIsValidAndHoldsAzure() {
        CompatProfiles.Profile azure = CompatProfiles.get("azure");

        assertThat(CompatProfiles.names()).contains("openai", "azure", "mistral", "groq", "deepseek", "vllm", "ollama");
        assertThat(azure.baseUrl())
                .as("every Azure resource has its own endpoint")
                .isNull();
        assertThat(azure.apiVersion()).isEqualTo("2024-10-21");
        assertThat(azure.rules().requestPath())
                .isEqualTo("/openai/deployments/{model}{endpoint}?api-version={api_version}");
        assertThat(azure.rules().modelsPath()).isEqualTo("/openai/models?api-version={api_version}");
        assertThat(azure.rules().authHeader()).isEqualTo("api-key");
        assertThat(azure.rules().authPrefix()).isEmpty();
        assertThat(CompatProfiles.get("openai").rules()).isEqualTo(CompatRules.NONE);
    }

    @Test
    void groqAndMistralRefuseWhatWouldChangeTheAnswerAndAProvidersOwnDropListOverridesThat() throws Exception {
        CompatRules groq = CompatProfiles.get("groq").rules();
        CompatRules mistral = CompatProfiles.get("mistral").rules();
        assertThat(groq.unsupportedParams()).containsExactlyInAnyOrder("logprobs", "top_logprobs", "logit_bias");
        assertThat(mistral.unsupportedParams()).containsExactlyInAnyOrder("logprobs", "top_logprobs", "logit_bias");
        assertThat(mistral.dropParams())
                .doesNotContain("logprobs", "top_logprobs", "logit_bias", "parallel_tool_calls");

        CompatRules lenient = groq.withParams(List.of("logit_bias"), List.of("n"), Map.of());

        assertThat(lenient.unsupportedParams()).containsExactlyInAnyOrder("logprobs", "top_logprobs", "n");
        assertThat(lenient.dropParams()).containsExactly("logit_bias");
        ObjectMapper json = new ObjectMapper();
        assertThat(lenient.firstUnsupportedIn(json.readTree("{\"logprobs\":false,\"top_logprobs\":null,\"n\":2}")))
                .isEqualTo("n");
        assertThat(lenient.firstUnsupportedIn(json.readTree("{\"logprobs\":false,\"logit_bias\":{\"1\":5}}")))
                .isNull();
    }

    @Test
    void rejectsUnknownFieldsNamingEachPathAndReportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> CompatProfiles.read("""
                groq:
                  base_url: https://api.groq.com/openai/v1
                  drop_param: [logprobs]
                azure:
                  auth_headr: api-key
                  request_path: /openai/deployments/{deployment}{endpoint}
                  models_path: /openai/models?api-version={api_version}
                  rename_params: {seed: [random_seed]}
                """, "profiles.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems())
                            .containsExactlyInAnyOrder(
                                    new ConfigProblem("groq.drop_param", "is not a known field"),
                                    new ConfigProblem("azure.auth_headr", "is not a known field"),
                                    new ConfigProblem(
                                            "azure.request_path",
                                            "{deployment} is not a placeholder; use {endpoint}, {model}, {api_version}"),
                                    new ConfigProblem(
                                            "azure.models_path",
                                            "uses {api_version}, so the profile needs an api_version"),
                                    new ConfigProblem("azure.rename_params.seed", "must be a string"));
                    assertThat(e.getMessage())
                            .startsWith("profiles.yaml has 5 problems:")
                            .contains("groq.drop_param: is not a known field");
                });
    }

    @Test
    void aProfileThatNamesItsOwnKeyHeaderSendsTheBareKeyByDefault() throws Exception {
        Map<String, CompatProfiles.Profile> profiles = CompatProfiles.read("""
                plain: {base_url: "http://127.0.0.1:1/v1"}
                keyed: {base_url: "http://127.0.0.1:2/v1", auth_header: x-api-key}
                """, "profiles.yaml");

        assertThat(profiles.get("plain").rules()).isEqualTo(CompatRules.NONE);
        assertThat(profiles.get("keyed").rules().authHeader()).isEqualTo("x-api-key");
        assertThat(profiles.get("keyed").rules().authPrefix()).isEmpty();
    }
}
