package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Checks a rerank request in Cohere's v2 shape ({@code POST /v2/rerank}): {@code model},
 * {@code query}, {@code documents} (strings, or objects with a {@code text} string as Jina and
 * vLLM accept), optional {@code top_n}, {@code return_documents} and {@code max_tokens_per_doc}.
 */
public final class RerankRequestValidator {

    /** Cohere's documented maximum of documents in one rerank request. */
    static final int MAX_DOCUMENTS = 10_000;

    private RerankRequestValidator() {}

    public static CanonicalRequest validate(ObjectNode body, @Nullable Buffer originalBytes) {
        FieldChecks f = new FieldChecks(body);
        String model = f.requiredString("model");
        f.requiredString("query");
        JsonNode documents = f.present("documents");
        if (documents == null) {
            throw FieldChecks.error(
                    "Missing required parameter: 'documents'.", "documents", "missing_required_parameter");
        }
        if (!documents.isArray()) {
            throw FieldChecks.wrongType("documents", "an array", documents);
        }
        if (documents.isEmpty() || documents.size() > MAX_DOCUMENTS) {
            throw FieldChecks.error(
                    "Invalid 'documents': expected between 1 and " + MAX_DOCUMENTS + " documents, got "
                            + documents.size() + ".",
                    "documents",
                    "invalid_value");
        }
        for (int i = 0; i < documents.size(); i++) {
            if (documentText(documents.get(i)) == null) {
                throw FieldChecks.error(
                        "Invalid 'documents[" + i + "]': expected a string or an object with a 'text' string.",
                        "documents[" + i + "]",
                        "invalid_type");
            }
        }
        f.optionalInteger("top_n", 1, Integer.MAX_VALUE);
        f.optionalBoolean("return_documents");
        f.optionalInteger("max_tokens_per_doc", 1, Integer.MAX_VALUE);
        f.noNulInStoredText();
        return new CanonicalRequest(Endpoint.RERANK, body, model, false, false, 0, originalBytes);
    }

    /** The text of one document (a string or {@code {"text": ...}}), or {@code null} when it has none. */
    public static @Nullable String documentText(JsonNode document) {
        if (document.isTextual()) {
            return document.asText();
        }
        JsonNode text = document.path("text");
        return text.isTextual() ? text.asText() : null;
    }
}
