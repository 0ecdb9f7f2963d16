package dev.gatehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How one OpenAI-compatible server differs from OpenAI: where its calls go, which header carries
 * the key, which request fields it rejects (dropped when that leaves the answer the same, refused
 * when the answer would differ) and which it names differently. A profile's rules, extended by the
 * provider's own lists. {@link #NONE} is OpenAI itself.
 *
 * <p>The paths are templates put after the base URL, with {@code {endpoint}} (OpenAI's path of the
 * call: {@code /chat/completions} or {@code /embeddings}), {@code {model}} (the upstream model,
 * URL-encoded) and {@code {api_version}} (the provider's {@code api_version}, URL-encoded) filled in.
 *
 * @param dropParams top-level request fields removed before sending
 * @param unsupportedParams top-level request fields the server cannot honour and whose loss would
 *     change the answer (log probabilities, token biases): a request that uses one is refused with
 *     a 400 naming the provider and the field; one that sets it to {@code null}, {@code false} or an
 *     empty value asks for nothing, so the field is removed and the request goes on
 * @param renameParams top-level request fields renamed before sending (from → to)
 * @param requestPath the path of an API call
 * @param modelsPath the path of the model list, which health probes read
 * @param authHeader the header that carries the key
 * @param authPrefix what precedes the key in that header ({@code "Bearer "}, or empty for the bare key)
 * @param rerankPath where {@code /v1/rerank} goes after the base URL: Jina, Voyage and vLLM serve
 *     Cohere's v2 rerank shape at {@code /v1/rerank} or {@code /rerank}; same placeholders
 */
public record CompatRules(
        List<String> dropParams,
        List<String> unsupportedParams,
        Map<String, String> renameParams,
        String requestPath,
        String modelsPath,
        String authHeader,
        String authPrefix,
        String rerankPath) {

    /** The placeholders a path may use. */
    public static final List<String> PLACEHOLDERS = List.of("{endpoint}", "{model}", "{api_version}");

    /** OpenAI's own API: calls at {@code {base}/chat/completions}, the key as a bearer token. */
    public static final CompatRules NONE = new CompatRules(
            List.of(), List.of(), Map.of(), "{endpoint}", "/models", "authorization", "Bearer ", "/rerank");

    public CompatRules {
        dropParams = List.copyOf(dropParams);
        unsupportedParams = List.copyOf(unsupportedParams);
        renameParams = Map.copyOf(renameParams);
    }

    /**
     * These rules, dropping, refusing and renaming {@code drop}, {@code unsupported} and
     * {@code rename} as well. A field the provider's config drops is dropped even if the profile
     * refuses it: the operator chose to lose it.
     */
    public CompatRules withParams(List<String> drop, List<String> unsupported, Map<String, String> rename) {
        List<String> allDropped = new ArrayList<>(dropParams);
        allDropped.addAll(drop);
        List<String> allRefused = new ArrayList<>(unsupportedParams);
        allRefused.addAll(unsupported);
        allRefused.removeAll(drop);
        Map<String, String> allRenamed = new LinkedHashMap<>(renameParams);
        allRenamed.putAll(rename);
        return new CompatRules(
                allDropped, allRefused, allRenamed, requestPath, modelsPath, authHeader, authPrefix, rerankPath);
    }

    /** These rules with rerank requests sent to {@code path}. */
    public CompatRules withRerankPath(String path) {
        return new CompatRules(
                dropParams, unsupportedParams, renameParams, requestPath, modelsPath, authHeader, authPrefix, path);
    }

    /** Whether some request field is dropped, refused or renamed for this server. */
    public boolean rewritesParams() {
        return !dropParams.isEmpty() || !unsupportedParams.isEmpty() || !renameParams.isEmpty();
    }

    /**
     * The first of {@link #unsupportedParams} that {@code body} uses (sets to a value that asks for
     * something), or {@code null} when it uses none.
     */
    public @Nullable String firstUnsupportedIn(JsonNode body) {
        for (String field : unsupportedParams) {
            JsonNode value = body.get(field);
            if (value != null && asksForSomething(value)) {
                return field;
            }
        }
        return null;
    }

    private static boolean asksForSomething(JsonNode value) {
        if (value.isNull() || (value.isBoolean() && !value.booleanValue())) {
            return false;
        }
        return !(value.isContainerNode() && value.isEmpty());
    }
}
