package dev.gatehouse.provider.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import java.util.Optional;

/** Azure OpenAI: OpenAI's format at a deployment URL with an api-version, authenticated by api-key. */
class AzureDialect implements Dialect {

    private static final String KEY = "azure-upstream-key-00000000001";
    private static final String DEPLOYMENT = "gpt-4o-prod";

    @Override
    public String name() {
        return "azure";
    }

    @Override
    public String providerYaml(String fakeRoot) {
        return "type: azure\nbase_url: " + fakeRoot + "\napi_key: " + KEY + "\napi_version: 2024-10-21";
    }

    @Override
    public String upstreamModel() {
        return DEPLOYMENT;
    }

    @Override
    public Optional<String> unsupported(Scenario scenario) {
        return Optional.empty();
    }

    @Override
    public void script(Scenario scenario, FakeUpstream fake) {
        if (scenario == Scenario.ERROR_CONTENT_FILTER) {
            fake.then(FakeUpstream.json(400, Fixtures.text("azure/error-content-filter.json")));
        } else {
            fake.then(OpenAiDialect.response(scenario));
        }
    }

    @Override
    public void verifyRequest(Scenario scenario, FakeUpstream.Received received) {
        assertThat(received.uri())
                .isEqualTo("/openai/deployments/" + DEPLOYMENT + "/chat/completions?api-version=2024-10-21");
        assertThat(received.headers().get("api-key")).isEqualTo(KEY);
        assertThat(received.headers()).doesNotContainKey("authorization");
        OpenAiDialect.verifyBody(scenario, received.body(), DEPLOYMENT);
    }
}
