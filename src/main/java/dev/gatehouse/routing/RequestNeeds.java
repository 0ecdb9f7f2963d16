package dev.gatehouse.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.InputTokens;
import dev.gatehouse.config.Capability;
import dev.gatehouse.config.DeploymentSettings;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a request needs from a deployment: capabilities (embeddings, tools, images, JSON mode,
 * streaming) and room in the context window for its input plus its output limit. The window is
 * checked with the input's ceiling first, and counted only when the ceiling does not fit.
 */
record RequestNeeds(Set<Capability> capabilities, InputTokens input, long output) {

    static RequestNeeds of(CanonicalRequest request, InputTokens inputTokens) {
        Set<Capability> needs = EnumSet.noneOf(Capability.class);
        Capability ofEndpoint = request.endpoint().needs();
        if (ofEndpoint != null) {
            needs.add(ofEndpoint);
        }
        JsonNode body = request.body();
        if (body.path("tools").isArray() && !body.path("tools").isEmpty()) {
            needs.add(Capability.TOOLS);
        }
        if (hasImage(body.path("messages"))) {
            needs.add(Capability.VISION);
        }
        String format = body.path("response_format").path("type").asText("");
        if (format.equals("json_object") || format.equals("json_schema")) {
            needs.add(Capability.JSON_MODE);
        }
        if (request.stream()) {
            needs.add(Capability.STREAMING);
        }
        int output = request.maxOutputTokens() == null ? 0 : request.maxOutputTokens();
        return new RequestNeeds(needs, inputTokens, output);
    }

    private static boolean hasImage(JsonNode messages) {
        for (JsonNode message : messages) {
            for (JsonNode part : message.path("content")) {
                if (part.path("type").asText().equals("image_url")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the deployment has every capability needed: the configured ones by its config, the
     * others by its provider's dialect.
     */
    boolean capableOf(DeploymentSettings deployment, Set<Capability> ofDialect) {
        for (Capability c : capabilities) {
            if (!(c.configured() ? deployment.capabilities() : ofDialect).contains(c)) {
                return false;
            }
        }
        return true;
    }

    boolean fits(DeploymentSettings deployment) {
        Integer window = deployment.contextWindow();
        return window == null || input.ceiling() + output <= window || input.counted() + output <= window;
    }

    /** Input (counted) plus output tokens. */
    long tokens() {
        return input.counted() + output;
    }
}
