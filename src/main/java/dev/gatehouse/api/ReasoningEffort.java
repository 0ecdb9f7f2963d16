package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.GatewayError;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's {@code reasoning_effort} as a thinking budget in tokens, for the dialects whose models
 * take a budget instead of a level: Anthropic's extended thinking ({@code thinking.budget_tokens},
 * directly and on Bedrock) and Gemini 2.5's {@code thinkingConfig.thinkingBudget}.
 *
 * <p>The budgets are the ones Google documents for its own OpenAI-compatible endpoint
 * (ai.google.dev/gemini-api/docs/openai, "Thinking": {@code low}, {@code medium} and {@code high}
 * "map to 1K, 8K, and 24K thinking token budgets", {@code none} disables thinking). Anthropic
 * documents no mapping; its floor is 1,024 tokens ("Extended thinking": {@code budget_tokens} "must
 * be ≥1024 and less than max_tokens"), so the same numbers fit it, and {@code minimal} (below
 * {@code low} in OpenAI's {@code ReasoningEffort} enum) gets that floor too. {@code xhigh} and
 * {@code max} get {@code high}'s 24,576: Gemini 2.5 Flash's documented maximum budget, and nothing
 * documents more for a level.
 *
 * <p>It sits with the canonical request because limits and budgets reserve for it too
 * ({@link #outputCeiling}): thinking raises the output a request can cost. Pure and stateless.
 */
public final class ReasoningEffort {

    /** Anthropic's smallest thinking budget; a request with less is refused ("Extended thinking"). */
    public static final int MIN_BUDGET = 1024;

    private ReasoningEffort() {}

    /**
     * The thinking budget {@code request}'s {@code reasoning_effort} asks for: {@code 0} for
     * {@code none} (no thinking), or {@code null} when the field is absent or null.
     *
     * @throws GatewayError (400 naming {@code reasoning_effort}) for a value OpenAI's enum does not have
     */
    public static @Nullable Integer budget(JsonNode request) {
        JsonNode effort = request.get("reasoning_effort");
        if (effort == null || effort.isNull()) {
            return null;
        }
        return switch (effort.isTextual() ? effort.asText() : "") {
            case "none" -> 0;
            case "minimal", "low" -> MIN_BUDGET;
            case "medium" -> 8192;
            case "high", "xhigh", "max" -> 24576;
            default ->
                throw GatewayError.invalid(
                        "reasoning_effort must be one of none, minimal, low, medium, high, xhigh, max.",
                        "reasoning_effort");
        };
    }

    /**
     * The output limit a request with thinking {@code budget} needs: the client's {@code maxTokens}
     * when it is already above the budget (thinking counts against it, as reasoning counts against
     * OpenAI's {@code max_completion_tokens}), else the budget plus {@code maxTokens}, so the answer
     * after the thinking keeps the room the client asked for. Anthropic refuses a budget that is not
     * below {@code max_tokens}.
     */
    public static int maxTokensWith(int budget, int maxTokens) {
        return maxTokens > budget ? maxTokens : budget + maxTokens;
    }

    /**
     * The most output {@code request} can be charged for, for limits and budgets to reserve: its
     * output limit {@code cap}, or, when its {@code reasoning_effort} turns thinking on, the limit a
     * budget-taking provider is sent ({@link #maxTokensWith}), since the deployment that answers may
     * be one. A value OpenAI's enum does not have reserves {@code cap}; the adapter that reads it
     * refuses it.
     */
    public static long outputCeiling(CanonicalRequest request, long cap) {
        Integer budget;
        try {
            budget = budget(request.body());
        } catch (GatewayError unknownEffort) {
            return cap;
        }
        if (budget == null || budget == 0) {
            return cap;
        }
        return cap > budget ? cap : budget + cap;
    }
}
