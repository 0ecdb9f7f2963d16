package dev.gatehouse.configstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gatehouse.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The credentials in a provider definition: {@code api_key}, Bedrock's {@code secret_access_key} and
 * {@code session_token}, and every {@code headers} value (custom auth headers carry keys too). They
 * are taken out before a definition is stored, sealed apart, put back only in memory, and shown
 * masked in admin answers.
 */
public final class ProviderCredentials {

    static final Set<String> FIELDS = Set.of("api_key", "secret_access_key", "session_token", "headers");

    /** A definition split into what is stored in clear and the credentials (null when it has none). */
    public record Split(ObjectNode open, @Nullable ObjectNode secrets) {}

    private ProviderCredentials() {}

    public static Split split(ObjectNode definition) {
        ObjectNode open = definition.deepCopy();
        ObjectNode secrets = Json.object();
        for (String field : FIELDS) {
            JsonNode value = open.remove(field);
            if (value != null && !value.isNull()) {
                secrets.set(field, value);
            }
        }
        return new Split(open, secrets.isEmpty() ? null : secrets);
    }

    /** The definition with its credentials back in. */
    public static ObjectNode join(ObjectNode open, @Nullable ObjectNode secrets) {
        ObjectNode joined = open.deepCopy();
        if (secrets != null) {
            joined.setAll(secrets);
        }
        return joined;
    }

    /** The credentials' field names in a definition, in a stable order (for error messages). */
    public static List<String> present(ObjectNode definition) {
        List<String> out = new ArrayList<>();
        for (String field : List.of("api_key", "secret_access_key", "session_token", "headers")) {
            JsonNode value = definition.get(field);
            if (value != null && !value.isNull()) {
                out.add(field);
            }
        }
        return out;
    }

    /** The credentials with every value masked: {@code ****} and, for long values, their last four characters. */
    public static ObjectNode masked(ObjectNode secrets) {
        ObjectNode out = Json.object();
        secrets.fields().forEachRemaining(f -> {
            if (f.getValue() instanceof ObjectNode headers) {
                ObjectNode maskedHeaders = out.putObject(f.getKey());
                headers.fields().forEachRemaining(h -> maskedHeaders.set(h.getKey(), mask(h.getValue())));
            } else {
                out.set(f.getKey(), mask(f.getValue()));
            }
        });
        return out;
    }

    private static TextNode mask(JsonNode value) {
        String text = value.asText();
        // Four characters of a long key identify which key it is without revealing it (OpenAI's own key list does the
        // same).
        return TextNode.valueOf(text.length() >= 16 ? "****" + text.substring(text.length() - 4) : "****");
    }
}
