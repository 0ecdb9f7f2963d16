package dev.gatehouse.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.usage.Usage;
import org.junit.jupiter.api.Test;

class AnswerShapesTest {

    private static ArrayNode chunksOf(String fixture) {
        ArrayNode chunks = Json.MAPPER.createArrayNode();
        for (String data : Fixtures.sseData(fixture)) {
            if (!data.equals("[DONE]")) {
                chunks.add(Json.parse(data));
            }
        }
        return chunks;
    }

    @Test
    void aStreamedToolCallIsKeptWholeAndStreamsBackToTheSameAnswer() {
        Usage usage = new Usage(82, 0, 0, 17, false);
        JsonNode completion = AnswerShapes.assemble(chunksOf("openai/chat-stream-tools.sse"), usage);

        JsonNode call = completion
                .path("choices")
                .get(0)
                .path("message")
                .path("tool_calls")
                .get(0);
        assertThat(call.path("id").asText()).isEqualTo("call_abc123");
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"location\": \"Boston, MA\"}");
        assertThat(completion.path("choices").get(0).path("finish_reason").asText())
                .isEqualTo("tool_calls");
        assertThat(completion.path("usage").path("completion_tokens").asLong()).isEqualTo(17);
        assertThat(AnswerShapes.completed(completion)).isTrue();

        ArrayNode replayed = AnswerShapes.chunks(completion, usage);
        assertThat(AnswerShapes.assemble(replayed, usage)).isEqualTo(completion);
        assertThat(replayed.get(replayed.size() - 1)
                        .path("usage")
                        .path("total_tokens")
                        .asLong())
                .isEqualTo(99);
    }

    @Test
    void onlyAnswersThatEndedNormallyAreComplete() {
        Usage usage = Usage.NONE;
        assertThat(AnswerShapes.completed(AnswerShapes.assemble(chunksOf("openai/chat-hello-stream.sse"), usage)))
                .isTrue();
        assertThat(AnswerShapes.completed(Json.parse(Fixtures.text("openai/chat-content-filter.json"))))
                .isFalse();
        assertThat(AnswerShapes.completed(Json.parse(Fixtures.text("openai/chat-length.json"))))
                .isTrue();
        ArrayNode unfinished = chunksOf("openai/chat-hello-stream.sse");
        unfinished.remove(unfinished.size() - 1);
        unfinished.remove(unfinished.size() - 1);
        assertThat(AnswerShapes.completed(AnswerShapes.assemble(unfinished, usage)))
                .isFalse();
    }
}
