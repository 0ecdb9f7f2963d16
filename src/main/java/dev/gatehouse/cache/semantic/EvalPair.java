package dev.gatehouse.cache.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One labelled pair of the semantic-cache evaluation: {@code same} says whether an answer to {@code a}
 * is a right answer to {@code b}; {@code kind} names how they were made to differ or agree (a paraphrase
 * kind such as "typo", a near-miss kind such as "negation").
 */
public record EvalPair(String a, String b, boolean same, String kind) {

    /** The evaluation set shipped in the jar. */
    public static final String SHIPPED = "/dev/gatehouse/cache/semantic/eval-pairs.jsonl";

    /**
     * Reads JSON lines {@code {"a":..., "b":..., "same": true|false, "kind": "..."}}; blank lines are
     * skipped.
     *
     * @throws IOException when the reader fails, or a line is not such an object (naming the line)
     */
    public static List<EvalPair> read(Reader reader) throws IOException {
        List<EvalPair> pairs = new ArrayList<>();
        BufferedReader lines = new BufferedReader(reader);
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = Json.tryParse(line).orElse(null);
            if (n == null
                    || !n.path("a").isTextual()
                    || !n.path("b").isTextual()
                    || !n.path("same").isBoolean()
                    || n.path("a").asText().isBlank()
                    || n.path("b").asText().isBlank()) {
                throw new IOException("line " + number
                        + ": expected {\"a\": text, \"b\": text, \"same\": true|false, \"kind\": text}");
            }
            pairs.add(new EvalPair(
                    n.get("a").asText(),
                    n.get("b").asText(),
                    n.get("same").asBoolean(),
                    n.path("kind").asText("unlabelled")));
        }
        return pairs;
    }

    /** The shipped set. */
    public static List<EvalPair> shipped() throws IOException {
        try (InputStream in = EvalPair.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IOException("the evaluation set " + SHIPPED + " is missing from the class path");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }
}
