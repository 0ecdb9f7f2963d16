package dev.gatehouse.guardrail.injection;

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

/** One labelled prompt of the injection evaluation: {@code injection} says which side it is on. */
public record EvalPrompt(String text, boolean injection, String source) {

    /** The evaluation set shipped in the jar. */
    public static final String SHIPPED = "/dev/gatehouse/guardrail/injection/eval-set.jsonl";

    /**
     * Reads JSON lines {@code {"text": ..., "label": "injection"|"benign", "source": ...}}; blank lines
     * are skipped.
     *
     * @throws IOException when the reader fails, or a line is not such an object (naming the line)
     */
    public static List<EvalPrompt> read(Reader reader) throws IOException {
        List<EvalPrompt> prompts = new ArrayList<>();
        BufferedReader lines = new BufferedReader(reader);
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = Json.tryParse(line).orElse(null);
            String label = n == null ? "" : n.path("label").asText("");
            if (n == null
                    || !n.path("text").isTextual()
                    || n.path("text").asText().isBlank()
                    || !(label.equals("injection") || label.equals("benign"))) {
                throw new IOException("line " + number
                        + ": expected {\"text\": text, \"label\": \"injection\"|\"benign\", \"source\": text}");
            }
            prompts.add(new EvalPrompt(
                    n.get("text").asText(),
                    label.equals("injection"),
                    n.path("source").asText("unlabelled")));
        }
        return prompts;
    }

    /** The shipped set. */
    public static List<EvalPrompt> shipped() throws IOException {
        try (InputStream in = EvalPrompt.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IOException("the evaluation set " + SHIPPED + " is missing from the class path");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }
}
