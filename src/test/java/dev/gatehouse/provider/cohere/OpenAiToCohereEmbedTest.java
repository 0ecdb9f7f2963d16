package dev.gatehouse.provider.cohere;

import static dev.gatehouse.provider.cohere.CohereRequests.embeddings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import org.junit.jupiter.api.Test;

class OpenAiToCohereEmbedTest {

    private static JsonNode cohereBody(String json) {
        return Json.parse(OpenAiToCohereEmbed.of(embeddings(json), CohereRequests.route()));
    }

    @Test
    void sendsTextsAsSearchDocumentsAndAsksForFloats() {
        JsonNode body = cohereBody("""
                {"model":"my-embedder","input":["hello","goodbye"],"encoding_format":"base64","user":"u"}""");

        assertThat(body).isEqualTo(Json.parse("""
                {"model":"%s","texts":["hello","goodbye"],"input_type":"search_document","embedding_types":["float"]}""".formatted(CohereRequests.MODEL)));
    }

    @Test
    void wrapsASingleStringAndMapsDimensionsAndAnExplicitInputType() {
        JsonNode body = cohereBody("""
                {"model":"e","input":"what is a cat?","dimensions":256,"input_type":"search_query"}""");

        assertThat(body.path("texts")).isEqualTo(Json.parse("[\"what is a cat?\"]"));
        assertThat(body.path("output_dimension").asInt()).isEqualTo(256);
        assertThat(body.path("input_type").asText()).isEqualTo("search_query");
    }

    @Test
    void refusesTokenArrays() {
        for (String input : new String[] {"[1,2,3]", "[[1,2],[3]]"}) {
            assertThatThrownBy(() -> cohereBody("{\"model\":\"e\",\"input\":" + input + "}"))
                    .isInstanceOfSatisfying(GatewayError.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                        assertThat(e.param()).isEqualTo("input");
                    });
        }
    }
}
