package dev.gatehouse.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.api.NativeRequest;
import dev.gatehouse.api.RequestReader;
import dev.gatehouse.api.StoredText;
import dev.gatehouse.error.GatewayError;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads an Anthropic Messages request ({@code POST /v1/messages}): checks the fields Anthropic
 * requires, with messages in Anthropic's style ({@code max_tokens: Field required}), and translates
 * it to the canonical request so it can go to any provider.
 */
public final class AnthropicRequestReader implements RequestReader {

    private static final Set<String> ROLES = Set.of("user", "assistant");

    /** The request headers of Anthropic's API that change what the request means ("Versioning", "Beta headers"). */
    private static final List<String> FORWARDED_HEADERS = List.of("anthropic-version", "anthropic-beta");

    private final boolean requireMaxTokens;

    /** @param requireMaxTokens false for {@code count_tokens}, which takes no output limit */
    public AnthropicRequestReader(boolean requireMaxTokens) {
        this.requireMaxTokens = requireMaxTokens;
    }

    /**
     * Also keeps the body as sent, with the client's {@code anthropic-*} headers, so that an
     * Anthropic deployment receives the request unchanged (cache_control, signed thinking blocks,
     * beta features); other deployments get the canonical translation.
     */
    @Override
    public CanonicalRequest read(ObjectNode body, Buffer bytes, MultiMap headers) {
        return read(body, bytes)
                .withNative(new NativeRequest(NativeRequest.Dialect.ANTHROPIC_MESSAGES, bytes, clientHeaders(headers)));
    }

    private static Map<String, String> clientHeaders(MultiMap headers) {
        Map<String, String> kept = new HashMap<>();
        for (String name : FORWARDED_HEADERS) {
            List<String> values = headers.getAll(name);
            if (!values.isEmpty()) {
                // A header sent twice means the same as its values joined with commas (RFC 9110, 5.3).
                kept.put(name, String.join(",", values));
            }
        }
        return kept;
    }

    @Override
    public CanonicalRequest read(ObjectNode body, @Nullable Buffer bytes) {
        String model = requiredString(body, "model");
        Integer maxTokens = null;
        JsonNode max = body.get("max_tokens");
        if (max == null || max.isNull()) {
            if (requireMaxTokens) {
                throw invalid("max_tokens: Field required", "max_tokens");
            }
        } else if (!max.isIntegralNumber() || max.asLong() < 1) {
            throw invalid("max_tokens: Input should be a valid integer greater than or equal to 1", "max_tokens");
        } else {
            maxTokens = (int) Math.min(max.asLong(), Integer.MAX_VALUE);
        }
        checkSystem(body.get("system"));
        checkMessages(body.get("messages"));
        checkNumber(body, "temperature", 0, 1);
        checkNumber(body, "top_p", 0, 1);
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw invalid("stream: Input should be a valid boolean", "stream");
        }
        boolean streaming = stream != null && stream.asBoolean(false);
        List<Object> nul = StoredText.firstNul(body);
        if (nul != null) {
            String path = StoredText.anthropicPath(nul);
            throw invalid(path + ": String should not contain a NUL character (\\u0000)", path);
        }
        ObjectNode canonical = AnthropicToOpenAiRequest.translate(body);
        // Anthropic streams always end with usage, so the canonical request asks for it.
        return new CanonicalRequest(Endpoint.CHAT_COMPLETIONS, canonical, model, streaming, streaming, maxTokens, null);
    }

    private static String requiredString(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw invalid(field + ": Field required", field);
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid(field + ": Input should be a valid non-empty string", field);
        }
        return value.asText();
    }

    /** Anthropic's {@code system} is a string or a list of text blocks ({@code TextBlockParam}); nothing else. */
    private static void checkSystem(@Nullable JsonNode system) {
        if (system == null || system.isNull() || system.isTextual()) {
            return;
        }
        if (!system.isArray()) {
            throw invalid("system: Input should be a valid string or a list of text blocks", "system");
        }
        for (int i = 0; i < system.size(); i++) {
            JsonNode block = system.get(i);
            String path = "system." + i;
            if (!block.isObject()) {
                throw invalid(path + ": Input should be a valid dictionary", path);
            }
            if (!"text".equals(block.path("type").asText())) {
                throw invalid(path + ".type: Input should be 'text'", path + ".type");
            }
            JsonNode text = block.get("text");
            if (text == null || text.isNull()) {
                throw invalid(path + ".text: Field required", path + ".text");
            }
            if (!text.isTextual()) {
                throw invalid(path + ".text: Input should be a valid string", path + ".text");
            }
        }
    }

    private static void checkMessages(JsonNode messages) {
        if (messages == null || messages.isNull()) {
            throw invalid("messages: Field required", "messages");
        }
        if (!messages.isArray()) {
            throw invalid("messages: Input should be a valid list", "messages");
        }
        if (messages.isEmpty()) {
            throw invalid("messages: at least one message is required", "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String path = "messages." + i;
            if (!message.isObject()) {
                throw invalid(path + ": Input should be a valid dictionary", path);
            }
            if (!ROLES.contains(message.path("role").asText())) {
                throw invalid(path + ".role: Input should be 'user' or 'assistant'", path + ".role");
            }
            JsonNode content = message.get("content");
            if (content == null || !(content.isTextual() || content.isArray())) {
                throw invalid(
                        path + ".content: Input should be a valid string or a list of content blocks",
                        path + ".content");
            }
        }
    }

    private static void checkNumber(ObjectNode body, String field, double min, double max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            throw invalid(field + ": Input should be a number from " + min + " to " + max, field);
        }
    }

    static GatewayError invalid(String message, String param) {
        return GatewayError.invalid(message, param);
    }
}
