package dev.gatehouse.provider.gemini;

import static dev.gatehouse.provider.gemini.GeminiRequests.embeddings;
import static dev.gatehouse.provider.gemini.GeminiRequests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.error.GatewayError;
import org.junit.jupiter.api.Test;

/** OpenAI embeddings requests to BatchEmbedContentsRequest. */
class OpenAiToGeminiEmbeddingsTest {

    @Test
    void makesOneEmbedRequestPerInputWithTheRequestedDimensions() {
        var body = OpenAiToGeminiEmbeddings.of(
                embeddings("{'model':'e','input':['first','second'],'dimensions':256}"), "models/gemini-embedding-001");

        assertThat(body)
                .isEqualTo(
                        json(
                                "{'requests':["
                                        + "{'model':'models/gemini-embedding-001','content':{'parts':[{'text':'first'}]},'outputDimensionality':256},"
                                        + "{'model':'models/gemini-embedding-001','content':{'parts':[{'text':'second'}]},'outputDimensionality':256}]}"));
    }

    @Test
    void embedsASingleString() {
        var body = OpenAiToGeminiEmbeddings.of(embeddings("{'model':'e','input':'only'}"), "models/x");

        assertThat(body).isEqualTo(json("{'requests':[{'model':'models/x','content':{'parts':[{'text':'only'}]}}]}"));
    }

    @Test
    void refusesTokenInputs() {
        assertThatThrownBy(() -> OpenAiToGeminiEmbeddings.of(embeddings("{'model':'e','input':[[1,2,3]]}"), "models/x"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("input");
                });
        assertThatThrownBy(() -> OpenAiToGeminiEmbeddings.of(embeddings("{'model':'e','input':[1,2,3]}"), "models/x"))
                .isInstanceOf(GatewayError.class);
    }
}
