package dev.gatehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.ZeroConfig;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.IncomingRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenEstimateTest {

    private static long estimate(CanonicalRequest request) {
        Exchange ex = new Exchange(
                "req_test", 0, IncomingRequest.internal("/v1/chat/completions"), ZeroConfig.fromEnvironment(Map.of()));
        ex.put(CanonicalRequest.KEY, request);
        return TokenEstimate.inputTokens(ex);
    }

    @Test
    void countsChatMessagesLikeOpenAiDoes() {
        // OpenAI reports 8 prompt tokens for this request on gpt-4o: 3 framing per message, 3 to prime the reply.
        CanonicalRequest request = ChatRequestValidator.validate(
                (ObjectNode)
                        Json.parse("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"),
                null);

        assertThat(estimate(request)).isEqualTo(8);
    }

    @Test
    void addsToolDefinitions() {
        CanonicalRequest without = ChatRequestValidator.validate(
                (ObjectNode)
                        Json.parse("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"),
                null);
        CanonicalRequest with = ChatRequestValidator.validate(
                (ObjectNode)
                        Json.parse(
                                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],"
                                        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}]}"),
                null);

        assertThat(estimate(with)).isGreaterThan(estimate(without) + 5);
    }

    @Test
    void countsEmbeddingInputsOfEveryShape() {
        CanonicalRequest text = EmbeddingsRequestValidator.validate(
                (ObjectNode) Json.parse("{\"model\":\"text-embedding-3-small\",\"input\":[\"hello world\",\"again\"]}"),
                null);
        CanonicalRequest tokens = EmbeddingsRequestValidator.validate(
                (ObjectNode) Json.parse("{\"model\":\"text-embedding-3-small\",\"input\":[[1,2,3],[4,5]]}"), null);

        assertThat(estimate(text)).isEqualTo(3);
        assertThat(estimate(tokens)).isEqualTo(5);
    }

    private static CanonicalRequest chat(String content) {
        ObjectNode body = (ObjectNode) Json.parse("{\"model\":\"gpt-4o\",\"messages\":[]}");
        body.withArray("messages").addObject().put("role", "user").put("content", content);
        return ChatRequestValidator.validate(body, null);
    }

    @Test
    void theCeilingIsNeverBelowTheCountForAnyScript() {
        String[] texts = {
            "Hello",
            "Please write a short note about rate limits. ".repeat(20),
            "Grüße aus Köln, naïve café",
            "日本語のテキストをトークンに分割します",
            "emoji 🚀🚀🚀 and 👩‍👩‍👧 families",
            "{\"json\": [1, 2, 3], \"nested\": {\"a\": null}}",
            "    indented\n\tcode();\n"
        };
        for (String text : texts) {
            CanonicalRequest request = chat(text);
            assertThat(TokenEstimate.ceiling(request)).as(text).isGreaterThanOrEqualTo(TokenEstimate.count(request));
        }
    }

    @Test
    void theCeilingCountsUtf8BytesPlusTheMessageFraming() {
        // 3 to prime the reply, 3 for the message, "user" (4 bytes), "né🚀" (1 + 2 + 4 bytes).
        assertThat(TokenEstimate.ceiling(chat("né🚀"))).isEqualTo(3 + 3 + 4 + 7);
    }

    @Test
    void inputTokensAreCountedOnlyWhenAsked() {
        Exchange ex = new Exchange(
                "req_test", 0, IncomingRequest.internal("/v1/chat/completions"), ZeroConfig.fromEnvironment(Map.of()));
        ex.put(CanonicalRequest.KEY, chat("Hello"));
        InputTokens tokens = InputTokens.of(ex);

        assertThat(tokens.ceiling()).isEqualTo(3 + 3 + 4 + 5);
        assertThat(tokens.mayCountLower()).isTrue();
        assertThat(tokens.counted()).isEqualTo(8);
        assertThat(InputTokens.of(ex)).isSameAs(tokens);
        assertThat(InputTokens.known(12).ceiling()).isEqualTo(12);
        assertThat(InputTokens.known(12).mayCountLower()).isFalse();
    }
}
