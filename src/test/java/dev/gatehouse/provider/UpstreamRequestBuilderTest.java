package dev.gatehouse.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.DialectOptions;
import dev.gatehouse.config.HealthCheckSettings;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.config.ProviderType;
import dev.gatehouse.config.Timeouts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamRequestBuilderTest {

    private static ProviderSettings provider(String apiKey, Map<String, String> headers) {
        return new ProviderSettings(
                "p",
                ProviderType.OPENAI,
                "https://api.example.com",
                apiKey,
                headers,
                Timeouts.defaults(Duration.ofSeconds(30)),
                null,
                DialectOptions.none());
    }

    private static final UpstreamRequestBuilder BEARER =
            UpstreamRequestBuilder.authenticatedBy(UpstreamAuth.keyHeader("authorization", "Bearer "));

    @Test
    void sendsConfiguredHeadersThenTheGatewaysThenTheDialectsThenTheCredentials() {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("x-team", "blue");
        configured.put("accept", "text/html");
        UpstreamRequestBuilder builder = BEARER.withHeader("x-api-version", p -> "v7");

        UpstreamRequest request = builder.postJson(
                provider("sk-1", configured), "https://api.example.com/chat", true, Buffer.buffer("{}"));

        assertThat(request.method()).isEqualTo(HttpMethod.POST);
        assertThat(request.headers())
                .containsExactly(
                        Map.entry("x-team", "blue"),
                        Map.entry("accept", "text/event-stream"),
                        Map.entry("content-type", "application/json"),
                        Map.entry("x-api-version", "v7"),
                        Map.entry("authorization", "Bearer sk-1"));
    }

    @Test
    void acceptsJsonUnlessStreamingAndTheDialectsOwnStreamType() {
        ProviderSettings p = provider("k", Map.of());

        assertThat(BEARER.postJson(p, "u", false, Buffer.buffer()).headers())
                .containsEntry("accept", "application/json");
        assertThat(BEARER.streamingAs("application/vnd.amazon.eventstream")
                        .postJson(p, "u", true, Buffer.buffer())
                        .headers())
                .containsEntry("accept", "application/vnd.amazon.eventstream");
    }

    @Test
    void sendsNoKeyHeaderForAProviderWithoutAKey() {
        assertThat(BEARER.postJson(provider(null, Map.of()), "u", false, Buffer.buffer())
                        .headers())
                .doesNotContainKey("authorization");
        assertThat(BEARER.postJson(provider("", Map.of()), "u", false, Buffer.buffer())
                        .headers())
                .doesNotContainKey("authorization");
    }

    @Test
    void aProbeIsABodilessGetOfTheDialectsUrlByDefault() {
        UpstreamRequest probe =
                BEARER.probe(provider("sk-1", Map.of("x-team", "blue")), "m", "https://api.example.com/models");

        assertThat(probe.method()).isEqualTo(HttpMethod.GET);
        assertThat(probe.url()).isEqualTo("https://api.example.com/models");
        assertThat(probe.body().length()).isZero();
        assertThat(probe.headers()).containsOnlyKeys("x-team", "authorization");
    }

    @Test
    void aProbeTakesThePathAndMethodTheProviderConfigures() {
        ProviderSettings configured = new ProviderSettings(
                "p",
                ProviderType.OPENAI,
                "https://api.example.com/v1",
                "sk-1",
                Map.of(),
                Timeouts.defaults(Duration.ofSeconds(30)),
                null,
                DialectOptions.none(),
                new HealthCheckSettings(true, "/health/{model}", HealthCheckSettings.Method.POST));

        UpstreamRequest probe = BEARER.probe(configured, "org/model a", "https://api.example.com/v1/models");

        assertThat(probe.method()).isEqualTo(HttpMethod.POST);
        assertThat(probe.url()).isEqualTo("https://api.example.com/v1/health/org%2Fmodel+a");
        assertThat(probe.body().length()).isZero();
        assertThat(probe.headers()).containsEntry("authorization", "Bearer sk-1");
    }

    @Test
    void theAuthSeesTheFinishedRequestSoASignatureCoversEveryHeader() {
        List<Map<String, String>> seen = new ArrayList<>();
        UpstreamRequestBuilder signing = UpstreamRequestBuilder.authenticatedBy((provider, request) -> {
                    seen.add(request.headers());
                    return request.withHeader(
                            "x-signature", "sig-of-" + request.headers().size() + "-headers");
                })
                .withHeader("x-version", p -> "1");

        UpstreamRequest signed =
                signing.postJson(provider("k", Map.of("x-team", "blue")), "u", false, Buffer.buffer("{}"));

        assertThat(seen)
                .singleElement()
                .satisfies(h -> assertThat(h).containsOnlyKeys("x-team", "content-type", "accept", "x-version"));
        assertThat(signed.headers()).containsEntry("x-signature", "sig-of-4-headers");
    }
}
