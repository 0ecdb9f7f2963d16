package dev.gatehouse.provider.cohere;

import static dev.gatehouse.provider.cohere.CohereRequests.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CohereEmbedToOpenAiTest {

    @Test
    void answersInOpenAiListFormatWithBilledInputTokens() {
        Reply.Unary reply = CohereEmbedToOpenAi.of("p", "embed-v4.0", false, 2, fixture("embed.json"));
        JsonNode body = Json.parse(reply.body());

        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("model").asText()).isEqualTo("embed-v4.0");
        assertThat(body.path("data")).hasSize(2);
        assertThat(body.path("data").get(1).path("object").asText()).isEqualTo("embedding");
        assertThat(body.path("data").get(1).path("index").asInt()).isEqualTo(1);
        assertThat(body.path("data").get(0).path("embedding").get(0).asDouble()).isEqualTo(0.016296387);
        assertThat(body.path("data").get(0).path("embedding")).hasSize(4);
        assertThat(body.path("usage")).isEqualTo(Json.parse("{\"prompt_tokens\":2,\"total_tokens\":2}"));
        assertThat(reply.usage()).isEqualTo(new Usage(2, 0, 0, 0, false));
    }

    @Test
    void encodesBase64AsLittleEndianFloat32() {
        JsonNode body = Json.parse(
                CohereEmbedToOpenAi.of("p", "e", true, 2, fixture("embed.json")).body());

        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(body.path("data").get(1).path("embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(16);
        assertThat(bytes.getFloat()).isEqualTo(-0.0047302246f);
        assertThat(bytes.getFloat()).isEqualTo(0.024353027f);
    }

    @Test
    void reportsAnAnswerThatIsNotAnEmbedResponseOrHasTheWrongCount() {
        for (String answer :
                new String[] {"not json", "{\"embeddings\":[[0.1]]}", "{\"embeddings\":{\"int8\":[[1]]}}"}) {
            assertThatThrownBy(() -> CohereEmbedToOpenAi.of("p", "e", false, 1, Buffer.buffer(answer)))
                    .isInstanceOfSatisfying(
                            GatewayError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_UPSTREAM_RESPONSE));
        }
        assertThatThrownBy(() -> CohereEmbedToOpenAi.of("p", "e", false, 3, fixture("embed.json")))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.getMessage()).contains("2 embeddings for 3 inputs"));
    }
}
