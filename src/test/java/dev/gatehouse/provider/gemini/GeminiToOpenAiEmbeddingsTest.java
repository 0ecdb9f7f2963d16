package dev.gatehouse.provider.gemini;

import static dev.gatehouse.provider.gemini.GeminiRequests.embeddings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.usage.TokenCounter;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** BatchEmbedContentsResponse to OpenAI's embeddings list. */
class GeminiToOpenAiEmbeddingsTest {

    private static final String TWO = "{'model':'e','input':['first text','second text']";

    private static Reply.Unary translate(CanonicalRequest request, String body) {
        return GeminiToOpenAiEmbeddings.translate("google", "gemini-embedding-001", request, Buffer.buffer(body));
    }

    @Test
    void listsTheVectorsAsFloatsWithAnEstimatedUsage() {
        Reply.Unary reply =
                translate(embeddings(TWO + ",'encoding_format':'float'}"), Fixtures.text("gemini/embed-batch.json"));
        JsonNode list = Json.parse(reply.body());

        assertThat(list.path("object").asText()).isEqualTo("list");
        assertThat(list.path("model").asText()).isEqualTo("gemini-embedding-001");
        assertThat(list.path("data")).hasSize(2);
        assertThat(list.path("data").get(1).path("object").asText()).isEqualTo("embedding");
        assertThat(list.path("data").get(1).path("index").asInt()).isEqualTo(1);
        assertThat(list.path("data").get(0).path("embedding").get(0).asDouble()).isEqualTo(0.013168523);
        long tokens = TokenCounter.count("gemini-embedding-001", "first text")
                + TokenCounter.count("gemini-embedding-001", "second text");
        assertThat(list.path("usage").path("prompt_tokens").asLong()).isEqualTo(tokens);
        assertThat(list.path("usage").path("total_tokens").asLong()).isEqualTo(tokens);
        assertThat(reply.usage().inputTokens()).isEqualTo(tokens);
        assertThat(reply.usage().estimated()).isTrue();
    }

    @Test
    void encodesVectorsAsLittleEndianFloat32Base64WhenAsked() {
        JsonNode list = Json.parse(
                translate(embeddings(TWO + ",'encoding_format':'base64'}"), Fixtures.text("gemini/embed-batch.json"))
                        .body());

        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(list.path("data").get(1).path("embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(4 * Float.BYTES);
        assertThat(bytes.getFloat()).isEqualTo(-0.021542093f);
        assertThat(bytes.getFloat()).isEqualTo(0.0050201607f);
    }

    @Test
    void rejectsResponsesThatDoNotMatchTheInputs() {
        for (String bad : new String[] {
            "nope",
            "{\"embedding\":{\"values\":[1]}}",
            "{\"embeddings\":[{\"values\":[1]}]}",
            "{\"embeddings\":[{\"values\":[1]},{\"values\":[\"x\"]}]}"
        }) {
            assertThatThrownBy(() -> translate(embeddings(TWO + "}"), bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            GatewayError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_UPSTREAM_RESPONSE));
        }
    }
}
