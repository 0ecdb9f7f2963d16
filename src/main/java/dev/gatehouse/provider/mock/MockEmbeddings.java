package dev.gatehouse.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.usage.TokenCounter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Answers {@code POST /v1/embeddings} with OpenAI's {@code CreateEmbeddingResponse}: one
 * deterministic unit-length vector per input, seeded from the input alone. Because the model and
 * the requested size play no part in the seed, a shortened vector ({@code dimensions}) is the
 * renormalized prefix of the full one, which is how OpenAI's shortening behaves too.
 *
 * <p>Pure: {@link #respond} maps a parsed body to a response body or throws {@link MockRejection}.
 * Stateless and thread-safe; runs on the event loop.
 */
final class MockEmbeddings {

    /** A ceiling on {@code dimensions}, so a typo cannot make the mock allocate gigabytes. */
    private static final int MAX_DIMENSIONS = 16_384;

    private MockEmbeddings() {}

    /** One input: its seed and its token count. */
    private record Input(long seed, int tokens) {}

    static ObjectNode respond(JsonNode body) {
        if (!body.isObject()) {
            throw MockRejection.invalidJson();
        }
        String model = body.path("model").asText("");
        if (model.isEmpty()) {
            throw MockRejection.missing("model");
        }
        List<Input> inputs = inputs(model, body.get("input"));
        int dimensions = dimensions(model, body.get("dimensions"));
        String format = body.path("encoding_format").asText("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw MockRejection.invalid("encoding_format", "Invalid 'encoding_format': expected 'float' or 'base64'.");
        }
        ObjectNode response = MockJson.object();
        response.put("object", "list");
        ArrayNode data = response.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            float[] vector = vector(inputs.get(i).seed(), dimensions);
            tokens += inputs.get(i).tokens();
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (format.equals("base64")) {
                item.put("embedding", base64(vector));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
        }
        response.put("model", model);
        ObjectNode usage = response.putObject("usage");
        usage.put("prompt_tokens", tokens);
        usage.put("total_tokens", tokens);
        return response;
    }

    /** Accepts every form OpenAI does: a string, strings, one token array, or token arrays. */
    private static List<Input> inputs(String model, JsonNode input) {
        if (input == null || input.isNull()) {
            throw MockRejection.missing("input");
        }
        List<Input> inputs = new ArrayList<>();
        if (input.isTextual()) {
            inputs.add(text(model, input.asText()));
        } else if (input.isArray() && !input.isEmpty() && input.get(0).isIntegralNumber()) {
            inputs.add(tokens(input));
        } else if (input.isArray() && !input.isEmpty()) {
            for (JsonNode item : input) {
                if (item.isTextual()) {
                    inputs.add(text(model, item.asText()));
                } else if (item.isArray() && !item.isEmpty()) {
                    inputs.add(tokens(item));
                } else {
                    throw badInput();
                }
            }
        } else {
            throw badInput();
        }
        return inputs;
    }

    private static Input text(String model, String text) {
        if (text.isEmpty()) {
            throw badInput();
        }
        return new Input(StableHash.of(text), TokenCounter.count(model, text));
    }

    private static Input tokens(JsonNode array) {
        int[] tokens = new int[array.size()];
        for (int i = 0; i < tokens.length; i++) {
            JsonNode token = array.get(i);
            if (!token.canConvertToInt()) {
                throw badInput();
            }
            tokens[i] = token.asInt();
        }
        return new Input(StableHash.ofInts(tokens), tokens.length);
    }

    private static MockRejection badInput() {
        return MockRejection.invalid(
                "input",
                "Invalid 'input': expected a non-empty string, array of strings, array of tokens, or array of token arrays.");
    }

    /** {@code dimensions} if given, else the native size of OpenAI's model of that name. */
    private static int dimensions(String model, JsonNode requested) {
        if (requested != null && !requested.isNull()) {
            if (!requested.canConvertToInt() || requested.asInt() < 1 || requested.asInt() > MAX_DIMENSIONS) {
                throw MockRejection.invalid(
                        "dimensions", "Invalid 'dimensions': expected an integer from 1 to " + MAX_DIMENSIONS + ".");
            }
            return requested.asInt();
        }
        return model.contains("3-large") ? 3072 : 1536;
    }

    static float[] vector(long seed, int dimensions) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] raw = new double[dimensions];
        double sumOfSquares = 0;
        for (int i = 0; i < dimensions; i++) {
            raw[i] = random.nextDouble(-1.0, 1.0);
            sumOfSquares += raw[i] * raw[i];
        }
        double norm = Math.sqrt(sumOfSquares);
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (raw[i] / norm);
        }
        return vector;
    }

    /** OpenAI's base64 encoding: the vector's float32 values, little-endian, back to back. */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            bytes.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
