package dev.gatehouse.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.dispatch.ProviderAdapters;
import dev.gatehouse.testing.ManualClock;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each dialect's health probe is a free GET with the provider's own authentication. */
class HealthProbeTest {

    private final GatewayConfig config;

    HealthProbeTest() throws Exception {
        config = new ConfigLoader(Map.of()).parse("""
                providers:
                  openai: {type: openai, api_key: sk-o}
                  azure: {type: azure, base_url: "https://r.openai.azure.com", api_key: az}
                  anthropic: {type: anthropic, api_key: sk-a}
                  gemini: {type: gemini, api_key: g-key}
                  cohere: {type: cohere, api_key: co}
                """, "t");
    }

    private UpstreamRequest probe(String provider, String model) {
        var settings = config.providers().get(provider);
        return ((HealthProbe) new ProviderAdapters(new ManualClock()).forType(settings.type()))
                .healthCheck(settings, model);
    }

    @Test
    void probesEveryDialectWithAFreeListingCall() {
        assertThat(probe("openai", "gpt-4o").url()).isEqualTo("https://api.openai.com/v1/models");
        assertThat(probe("openai", "gpt-4o").headers()).containsEntry("authorization", "Bearer sk-o");
        assertThat(probe("azure", "d").url())
                .isEqualTo("https://r.openai.azure.com/openai/models?api-version=2024-10-21");
        assertThat(probe("azure", "d").headers()).containsEntry("api-key", "az");
        assertThat(probe("anthropic", "claude").url()).isEqualTo("https://api.anthropic.com/v1/models");
        assertThat(probe("anthropic", "claude").headers())
                .containsEntry("x-api-key", "sk-a")
                .containsKey("anthropic-version");
        assertThat(probe("gemini", "gemini-2.5-flash").url())
                .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash");
        assertThat(probe("gemini", "gemini-2.5-flash").headers()).containsEntry("x-goog-api-key", "g-key");
        assertThat(probe("cohere", "command-r").url()).isEqualTo("https://api.cohere.com/v1/models");
        for (String p : new String[] {"openai", "azure", "anthropic", "gemini", "cohere"}) {
            assertThat(probe(p, "m").method()).isEqualTo(HttpMethod.GET);
            assertThat(probe(p, "m").body().length()).isZero();
        }
    }
}
