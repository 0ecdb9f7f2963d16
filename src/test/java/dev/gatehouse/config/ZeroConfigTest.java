package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.routing.ModelTable;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZeroConfigTest {

    private static ProviderSettings providerOf(GatewayConfig config, String model) {
        ModelGroup group = new ModelTable(config).group(model);
        return group == null
                ? null
                : config.providers().get(group.deployments().get(0).provider());
    }

    @Test
    void withNoProviderKeyTheMockAnswersEveryModel() {
        GatewayConfig config = ZeroConfig.fromEnvironment(Map.of());

        assertThat(providerOf(config, "gpt-4o").type()).isEqualTo(ProviderType.MOCK);
        assertThat(providerOf(config, "anything-at-all").type()).isEqualTo(ProviderType.MOCK);
    }

    @Test
    void anOpenAiKeyRoutesOpenAiModelNamesToOpenAi() {
        GatewayConfig config = ZeroConfig.fromEnvironment(Map.of("OPENAI_API_KEY", "sk-x"));

        ProviderSettings provider = providerOf(config, "gpt-4o-mini");
        assertThat(provider.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(provider.apiKey()).isEqualTo("sk-x");
        assertThat(providerOf(config, "o3-mini")).isNotNull();
        assertThat(providerOf(config, "text-embedding-3-small")).isNotNull();
        assertThat(providerOf(config, "claude-sonnet-4")).isNull();
    }

    @Test
    void aCustomOpenAiBaseUrlServesAnyModelName() {
        GatewayConfig config = ZeroConfig.fromEnvironment(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1/"));

        ModelGroup group = new ModelTable(config).group("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(providerOf(config, "meta-llama/Llama-3.1-8B-Instruct").baseUrl())
                .isEqualTo("http://127.0.0.1:8000/v1");
        assertThat(group.upstreamModel(group.deployments().get(0), "meta-llama/Llama-3.1-8B-Instruct"))
                .isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
    }

    @Test
    void eachVendorKeyRoutesThatVendorsModelNames() {
        GatewayConfig config = ZeroConfig.fromEnvironment(Map.of(
                "OPENAI_API_KEY",
                "sk-o",
                "ANTHROPIC_API_KEY",
                "sk-a",
                "GEMINI_API_KEY",
                "g",
                "CO_API_KEY",
                "c",
                "MISTRAL_API_KEY",
                "m",
                "AWS_REGION",
                "eu-west-1",
                "AWS_ACCESS_KEY_ID",
                "AKIA",
                "AWS_SECRET_ACCESS_KEY",
                "s"));

        assertThat(providerOf(config, "claude-sonnet-4-5").type()).isEqualTo(ProviderType.ANTHROPIC);
        assertThat(providerOf(config, "claude-sonnet-4-5").options().apiVersion())
                .isEqualTo("2023-06-01");
        assertThat(providerOf(config, "gemini-2.5-flash").type()).isEqualTo(ProviderType.GEMINI);
        assertThat(providerOf(config, "text-embedding-004").type()).isEqualTo(ProviderType.GEMINI);
        assertThat(providerOf(config, "text-embedding-3-small").type()).isEqualTo(ProviderType.OPENAI);
        assertThat(providerOf(config, "command-r-plus").type()).isEqualTo(ProviderType.COHERE);
        assertThat(providerOf(config, "mistral-large-latest").options().compat().renameParams())
                .containsEntry("seed", "random_seed");
        ProviderSettings bedrock = providerOf(config, "anthropic.claude-sonnet-4-5-20250929-v1:0");
        assertThat(bedrock.baseUrl()).isEqualTo("https://bedrock-runtime.eu-west-1.amazonaws.com");
        assertThat(bedrock.options().aws().accessKeyId()).isEqualTo("AKIA");
        assertThat(providerOf(config, "llama-3")).isNull();
        assertThat(config.providers()).doesNotContainKey("mock");
    }
}
