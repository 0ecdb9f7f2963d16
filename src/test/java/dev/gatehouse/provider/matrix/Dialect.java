package dev.gatehouse.provider.matrix;

import dev.gatehouse.testing.FakeUpstream;
import java.util.Optional;

/**
 * One provider dialect, as the scenario matrix drives it: how to configure a provider of that type
 * against a fake upstream, how to script the fake with that provider's wire format (from the
 * provider's documentation, stored as fixtures), and what the adapter must have sent.
 */
public interface Dialect {

    /** A short name for test reports, e.g. {@code anthropic}. */
    String name();

    /**
     * The provider's config fields (without {@code providers:} and the name), each on its own line
     * with no indentation; {@code fakeRoot} is {@code http://127.0.0.1:PORT} with no path.
     */
    String providerYaml(String fakeRoot);

    /** The provider-side model name the matrix routes its public model to. */
    String upstreamModel();

    /**
     * The prompt tokens the gateway reports for SIMPLE_CHAT and STREAMING: the fixtures' count, or
     * for a provider that reports billed tokens apart from processed ones, the billed count.
     */
    default int promptTokens() {
        return Scenario.PROMPT_TOKENS;
    }

    /** Why {@code scenario} cannot apply to this dialect, or empty when it is supported. */
    Optional<String> unsupported(Scenario scenario);

    /** Scripts the fake to answer the scenario's request as this provider would. */
    void script(Scenario scenario, FakeUpstream fake);

    /** Asserts what the adapter sent for the scenario: method path, headers, translated body. */
    void verifyRequest(Scenario scenario, FakeUpstream.Received received);
}
