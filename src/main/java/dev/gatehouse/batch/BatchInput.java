package dev.gatehouse.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ChatRequestValidator;
import dev.gatehouse.api.EmbeddingsRequestValidator;
import dev.gatehouse.api.RequestReader;
import dev.gatehouse.api.responses.ResponsesRequestReader;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a batch input file (OpenAI's format: one {@code {custom_id, method, url, body}} object per
 * line) strictly: the first bad line is a 400 whose message names it, and a body is checked by the
 * same reader its endpoint's requests go through. Blank lines are skipped. Pure apart from reading.
 */
public final class BatchInput {

    /** The endpoints a batch line may call, with the reader that validates its body. */
    static final Map<String, RequestReader> ENDPOINTS = Map.of(
            "/v1/chat/completions", ChatRequestValidator::validate,
            "/v1/embeddings", EmbeddingsRequestValidator::validate,
            "/v1/responses", new ResponsesRequestReader());

    private BatchInput() {}

    /** The reader of a line's body for its url, which the upload already checked is one of {@link #ENDPOINTS}. */
    public static RequestReader readerFor(String url) {
        return java.util.Objects.requireNonNull(ENDPOINTS.get(url), "a batch line's url was checked at upload");
    }

    /**
     * Checks a whole file one line at a time, handing each request to {@code each} without keeping
     * it, so memory stays bounded by the longest line (and the custom ids seen, for uniqueness).
     *
     * @return the number of requests
     * @throws GatewayError (400) naming the first bad line
     */
    static int scan(InputStream in, Consumer<BatchLine> each) {
        Map<String, Integer> seen = new HashMap<>();
        int count = 0;
        try (BufferedReader reader = reader(in)) {
            String text;
            int lineNo = 0;
            while ((text = reader.readLine()) != null) {
                lineNo++;
                if (text.isBlank()) {
                    continue;
                }
                BatchLine line = line(lineNo, text);
                Integer earlier = seen.putIfAbsent(line.customId(), lineNo);
                if (earlier != null) {
                    throw bad(
                            lineNo,
                            "custom_id '" + line.customId() + "' is used by line " + earlier
                                    + " too; each request needs its own custom_id");
                }
                count++;
                each.accept(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (count == 0) {
            throw GatewayError.invalid("The file has no requests: expected one JSON object per line.", "file");
        }
        return count;
    }

    static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
    }

    /** One line of a file that passed {@link #scan}, read again. */
    static BatchLine line(int lineNo, String text) {
        Optional<JsonNode> parsed = Json.tryParse(text);
        if (parsed.isEmpty() || !parsed.get().isObject()) {
            throw bad(lineNo, "is not a JSON object");
        }
        JsonNode node = parsed.get();
        JsonNode customId = node.path("custom_id");
        if (!customId.isTextual() || customId.asText().isEmpty()) {
            throw bad(lineNo, "'custom_id' must be a non-empty string");
        }
        if (!"POST".equals(node.path("method").asText(null))) {
            throw bad(lineNo, "'method' must be 'POST'");
        }
        String url = node.path("url").asText("");
        RequestReader reader = ENDPOINTS.get(url);
        if (reader == null) {
            throw bad(
                    lineNo,
                    "'url' must be one of "
                            + String.join(
                                    ", ", ENDPOINTS.keySet().stream().sorted().toList()));
        }
        if (!(node.path("body") instanceof ObjectNode body)) {
            throw bad(lineNo, "'body' must be a JSON object");
        }
        if (body.path("stream").asBoolean(false)) {
            throw bad(lineNo, "'body.stream' is not supported in a batch");
        }
        try {
            reader.read(body.deepCopy(), null);
        } catch (GatewayError e) {
            throw bad(lineNo, "body is invalid: " + e.getMessage());
        }
        return new BatchLine(lineNo, customId.asText(), url, body);
    }

    private static GatewayError bad(int lineNo, String problem) {
        return GatewayError.invalid("Line " + lineNo + " of the file: " + problem + ".", "file");
    }
}
