package dev.gatehouse.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one OpenAI-compatible server differs from OpenAI: where its calls go, which header carries
 * the key, and which request fields it rejects or names differently. A profile's rules, extended by
 * the provider's own drop and rename lists. {@link #NONE} is OpenAI itself.
 *
 * <p>The paths are templates put after the base URL, with {@code {endpoint}} (OpenAI's path of the
 * call: {@code /chat/completions} or {@code /embeddings}), {@code {model}} (the upstream model,
 * URL-encoded) and {@code {api_version}} (the provider's {@code api_version}, URL-encoded) filled in.
 *
 * @param dropParams top-level request fields removed before sending
 * @param renameParams top-level request fields renamed before sending (from → to)
 * @param requestPath the path of an API call
 * @param modelsPath the path of the model list, which health probes read
 * @param authHeader the header that carries the key
 * @param authPrefix what precedes the key in that header ({@code "Bearer "}, or empty for the bare key)
 */
public record CompatRules(
        List<String> dropParams,
        Map<String, String> renameParams,
        String requestPath,
        String modelsPath,
        String authHeader,
        String authPrefix) {

    /** The placeholders a path may use. */
    public static final List<String> PLACEHOLDERS = List.of("{endpoint}", "{model}", "{api_version}");

    /** OpenAI's own API: calls at {@code {base}/chat/completions}, the key as a bearer token. */
    public static final CompatRules NONE =
            new CompatRules(List.of(), Map.of(), "{endpoint}", "/models", "authorization", "Bearer ");

    public CompatRules {
        dropParams = List.copyOf(dropParams);
        renameParams = Map.copyOf(renameParams);
    }

    /** These rules, dropping and renaming {@code drop} and {@code rename} as well. */
    public CompatRules withParams(List<String> drop, Map<String, String> rename) {
        List<String> allDropped = new ArrayList<>(dropParams);
        allDropped.addAll(drop);
        Map<String, String> allRenamed = new LinkedHashMap<>(renameParams);
        allRenamed.putAll(rename);
        return new CompatRules(allDropped, allRenamed, requestPath, modelsPath, authHeader, authPrefix);
    }

    /** Whether some request field is dropped or renamed for this server. */
    public boolean rewritesParams() {
        return !dropParams.isEmpty() || !renameParams.isEmpty();
    }
}
