package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.ChatRequestValidator;
import dev.gatehouse.api.EmbeddingsRequestValidator;
import dev.gatehouse.api.InputTokens;
import dev.gatehouse.api.RequestOptions;
import dev.gatehouse.config.Capability;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ProviderType;
import dev.gatehouse.config.RouterSettings;
import dev.gatehouse.config.ZeroConfig;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.IncomingRequest;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.usage.PriceTable;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Embeddings reach only deployments whose dialect can embed; chat is not affected. */
class RoutePlannerTest {

    /** As the adapters answer: Anthropic's Messages API and Bedrock's Converse have no embeddings. */
    private static final DialectCapabilities DIALECTS = type ->
            type == ProviderType.ANTHROPIC || type == ProviderType.BEDROCK ? Set.of() : Set.of(Capability.EMBEDDINGS);

    private final RoutePlanner planner = planner("""
            providers:
              oa:
                type: openai
                base_url: http://127.0.0.1:9/v1
              claude:
                type: anthropic
                api_key: sk-ant-test
              aws:
                type: bedrock
                region: us-east-1
                access_key_id: AKIDEXAMPLE
                secret_access_key: secret
            models:
              - name: mixed
                strategy: fallback
                deployments:
                  - provider: claude
                    model: claude-sonnet-4-5
                  - provider: oa
                    model: text-embedding-3-small
                    capabilities: [tools]
              - name: chat-only
                strategy: fallback
                deployments:
                  - provider: claude
                    model: claude-sonnet-4-5
                  - provider: aws
                    model: anthropic.claude-3-5-sonnet-20240620-v1:0
              - name: claude-first
                provider: claude
                model: claude-sonnet-4-5
                fallbacks: [embedder]
              - name: embedder
                provider: oa
                model: text-embedding-3-small
            """);

    private static RoutePlanner planner(String yaml) {
        try {
            GatewayConfig config = new ConfigLoader(Map.of()).parse(yaml, "test.yaml");
            DeploymentRegistry registry =
                    new DeploymentRegistry(new ManualClock(), RouterSettings.BreakerSettings::defaults);
            return new RoutePlanner(
                    new ModelTable(config),
                    config.providers(),
                    registry,
                    new DeploymentOrder(PriceTable.builtIn(), new Random(1)::nextDouble),
                    new HeuristicComplexityClassifier(),
                    DIALECTS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CanonicalRequest embeddings(String model) {
        return EmbeddingsRequestValidator.validate(
                (ObjectNode) Json.parse("{\"model\":\"" + model + "\",\"input\":\"hello\"}"), null);
    }

    private static CanonicalRequest chat(String model) {
        return ChatRequestValidator.validate(
                (ObjectNode) Json.parse(
                        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                null);
    }

    @Test
    void sendsEmbeddingsOnlyToTheDeploymentWhoseDialectCanEmbed() {
        // The openai deployment lists only tools, yet it embeds: the dialect decides, not the list.
        RoutePlan plan = planner.plan(embeddings("mixed"), 2);

        assertThat(plan.candidates()).extracting(Candidate::id).containsExactly("oa/text-embedding-3-small");
    }

    @Test
    void chatStillUsesEveryDeploymentOfTheGroup() {
        RoutePlan plan = planner.plan(chat("mixed"), 2);

        assertThat(plan.candidates())
                .extracting(Candidate::id)
                .containsExactly("claude/claude-sonnet-4-5", "oa/text-embedding-3-small");
    }

    @Test
    void fallsBackPastAGroupThatCannotEmbed() {
        RoutePlan plan = planner.plan(embeddings("claude-first"), 2);

        assertThat(plan.candidates()).extracting(Candidate::id).containsExactly("oa/text-embedding-3-small");
        assertThat(plan.candidates().get(0).fallback()).isTrue();
    }

    @Test
    void refusesEmbeddingsWith400NamingEveryProviderThatCannotEmbed() {
        assertThatThrownBy(() -> planner.plan(embeddings("chat-only"), 2))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo("invalid_request_error");
                    assertThat(e.code()).isNull();
                    assertThat(e.param()).isEqualTo("model");
                    assertThat(e.getMessage())
                            .isEqualTo(
                                    "No deployment of 'chat-only' can create embeddings: providers 'claude' (anthropic),"
                                            + " 'aws' (bedrock) have no embeddings endpoint."
                                            + " Route embeddings to a provider of type openai, azure, gemini, cohere, mock.");
                });
    }

    private static InputTokens tokensOf(CanonicalRequest request) {
        Exchange ex = new Exchange(
                "req_test", 0, IncomingRequest.internal("/v1/chat/completions"), ZeroConfig.fromEnvironment(Map.of()));
        ex.put(CanonicalRequest.KEY, request);
        return InputTokens.of(ex);
    }

    @Test
    void aContextWindowIsCheckedByTheCountWhenTheCeilingDoesNotFit() {
        RoutePlanner small = planner("""
                providers:
                  oa:
                    type: openai
                    base_url: http://127.0.0.1:9/v1
                models:
                  - name: small
                    provider: oa
                    model: gpt-4o-mini
                    context_window: 100
                """);
        // About 50 tokens counted, 280 by the ceiling: fits a window of 100 only by its count.
        CanonicalRequest fits = chatOf("Please write a short note about rate limits. ".repeat(6));
        CanonicalRequest tooLong = chatOf("Please write a short note about rate limits. ".repeat(12));

        assertThat(small.plan(fits, tokensOf(fits), RequestOptions.NONE).candidates())
                .hasSize(1);
        assertThatThrownBy(() -> small.plan(tooLong, tokensOf(tooLong), RequestOptions.NONE))
                .isInstanceOf(GatewayError.class);
    }

    private static CanonicalRequest chatOf(String content) {
        ObjectNode body = (ObjectNode) Json.parse("{\"model\":\"small\",\"messages\":[]}");
        body.withArray("messages").addObject().put("role", "user").put("content", content);
        return ChatRequestValidator.validate(body, null);
    }
}
