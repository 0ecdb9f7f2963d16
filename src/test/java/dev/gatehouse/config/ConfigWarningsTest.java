package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigWarningsTest {

    private static ProviderSettings openAiAt(String baseUrl) {
        return new ProviderSettings(
                "p",
                ProviderType.OPENAI,
                baseUrl,
                null,
                Map.of(),
                Timeouts.defaults(Duration.ofSeconds(60)),
                null,
                DialectOptions.none());
    }

    @Test
    void theCompanyIsTheRegistrableDomainOfTheBaseUrl() {
        assertThat(ConfigWarnings.companyOf(openAiAt("https://api.openai.com/v1")))
                .isEqualTo("openai.com");
        assertThat(ConfigWarnings.companyOf(openAiAt("http://127.0.0.1:8000/v1")))
                .isEqualTo("127.0.0.1");
    }

    @Test
    void aHostnameWithATrailingDotDoesNotBreakTheLookup() {
        assertThat(ConfigWarnings.companyOf(openAiAt("https://api.openai.com./v1")))
                .isEqualTo("openai.com");
    }

    @Test
    void aBaseUrlWithoutAHostIsItsOwnCompany() {
        // OPENAI_BASE_URL=localhost:8000 reaches the zero config unchecked; java.net.URI reads "localhost" as its
        // scheme.
        assertThat(ConfigWarnings.companyOf(openAiAt("localhost:8000"))).isEqualTo("localhost:8000");
    }
}
