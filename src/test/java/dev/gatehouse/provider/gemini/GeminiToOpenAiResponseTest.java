package dev.gatehouse.provider.gemini;

import static dev.gatehouse.provider.gemini.GeminiRequests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** GenerateContentResponse to chat.completion, from the fixtures in fixtures/gemini. */
class GeminiToOpenAiResponseTest {

    private static Reply.Unary translate(String body) {
        return GeminiToOpenAiResponse.translate("google", "gemini-2.0-flash", Buffer.buffer(body));
    }

    /** A hand-written response; single quotes stand for double quotes. */
    private static Reply.Unary quoted(String body) {
        return translate(body.replace('\'', '"'));
    }

    private static Reply.Unary fixture(String name) {
        return translate(Fixtures.text("gemini/" + name));
    }

    private static JsonNode body(Reply.Unary reply) {
        return Json.parse(reply.body());
    }

    @Test
    void translatesTextAndUsage() {
        Reply.Unary reply = fixture("chat-hello.json");
        JsonNode completion = body(reply);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(completion.path("id").asText()).isEqualTo("chatcmpl-bPQcaPrsLs2PmecPw7SeuQ4");
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.path("model").asText()).isEqualTo("gemini-2.0-flash");
        assertThat(completion.path("choices"))
                .isEqualTo(
                        json(
                                "[{'index':0,'message':{'role':'assistant',"
                                        + "'content':'Hello! How can I help you today?','refusal':null},'logprobs':null,'finish_reason':'stop'}]"));
        assertThat(completion.path("usage").path("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(completion.path("usage").path("completion_tokens").asInt()).isEqualTo(9);
        assertThat(completion.path("usage").path("total_tokens").asInt()).isEqualTo(21);
        assertThat(reply.usage()).isEqualTo(new Usage(12, 0, 0, 9, false));
    }

    @Test
    void translatesFunctionCallsIntoToolCallsWithSignedIds() {
        JsonNode choice = body(fixture("chat-tool.json")).path("choices").get(0);

        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").isNull()).isTrue();
        JsonNode call = choice.path("message").path("tool_calls").get(0);
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function"))
                .isEqualTo(json("{'name':'get_weather','arguments':'{\\'location\\':\\'Boston, MA\\'}'}"));
        assertThat(GeminiToolCallIds.signatureOf(call.path("id").asText()))
                .isEqualTo("iH+NnTmXaIokugw/49tSm7M/5JS6f9R/pkujlpdqVFEkC9mirg==");
    }

    @Test
    void numbersParallelCallsAndKeepsTextBesideThem() {
        JsonNode message = body(quoted(
                        "{'candidates':[{'content':{'role':'model','parts':[{'text':'Checking.'},"
                                + "{'functionCall':{'name':'a','args':{'x':1}}},{'functionCall':{'name':'b'}}]},'finishReason':'STOP','index':0}]}"))
                .path("choices")
                .get(0)
                .path("message");

        assertThat(message.path("content").asText()).isEqualTo("Checking.");
        assertThat(message.path("tool_calls"))
                .isEqualTo(json("[{'id':'call_0','type':'function','function':{'name':'a','arguments':'{\\'x\\':1}'}},"
                        + "{'id':'call_1','type':'function','function':{'name':'b','arguments':'{}'}}]"));
    }

    @Test
    void reportsMaxTokensAsLength() {
        JsonNode choice = body(fixture("chat-length.json")).path("choices").get(0);

        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Hello! How can I");
    }

    @Test
    void countsCachedAndThinkingTokensAndLeavesThoughtsOutOfTheAnswer() {
        Reply.Unary reply = fixture("chat-cached-thinking.json");
        JsonNode completion = body(reply);

        assertThat(completion
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asText())
                .isEqualTo("Paris.");
        // The 95 thinking tokens are output, and its reasoning part.
        assertThat(reply.usage()).isEqualTo(new Usage(2061, 2048, 0, 0, 97, 95, false));
        assertThat(completion
                        .path("usage")
                        .path("completion_tokens_details")
                        .path("reasoning_tokens")
                        .asInt())
                .isEqualTo(95);
        assertThat(completion
                        .path("usage")
                        .path("prompt_tokens_details")
                        .path("cached_tokens")
                        .asInt())
                .isEqualTo(2048);
        assertThat(completion.path("usage").path("total_tokens").asInt()).isEqualTo(2158);
    }

    @Test
    void answersABlockedPromptWithAnEmptyContentFilteredChoice() {
        Reply.Unary reply = fixture("chat-prompt-blocked.json");
        JsonNode choice = body(reply).path("choices").get(0);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("content_filter");
        assertThat(choice.path("message").path("content").asText()).isEmpty();
        assertThat(reply.usage().inputTokens()).isEqualTo(12);
    }

    @Test
    void reportsACandidateStoppedForSafetyAsContentFilter() {
        JsonNode choice =
                body(fixture("chat-candidate-safety.json")).path("choices").get(0);

        assertThat(choice.path("finish_reason").asText()).isEqualTo("content_filter");
        assertThat(choice.path("message").path("content").asText()).isEmpty();
    }

    @Test
    void makesOneChoicePerCandidate() {
        JsonNode choices = body(quoted(
                        "{'candidates':[{'content':{'parts':[{'text':'A'}]},'finishReason':'STOP','index':0},"
                                + "{'content':{'parts':[{'text':'B'}]},'finishReason':'MAX_TOKENS','index':1}]}"))
                .path("choices");

        assertThat(choices).hasSize(2);
        assertThat(choices.get(1).path("index").asInt()).isEqualTo(1);
        assertThat(choices.get(1).path("message").path("content").asText()).isEqualTo("B");
        assertThat(choices.get(1).path("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void hasNoUsageWhenGeminiReportsNone() {
        Reply.Unary reply =
                translate("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"A\"}]},\"finishReason\":\"STOP\"}]}");

        assertThat(reply.usage()).isEqualTo(Usage.NONE);
        assertThat(body(reply).has("usage")).isFalse();
        assertThat(body(reply).path("id").asText()).startsWith("chatcmpl-");
    }

    @Test
    void rejectsBodiesThatAreNotGenerateContentResponses() {
        for (String bad :
                new String[] {"<html>oops", "{\"result\":\"not a chat completion\"}", "[]", "{\"candidates\":[]}"}) {
            assertThatThrownBy(() -> translate(bad)).as(bad).isInstanceOfSatisfying(GatewayError.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.BAD_UPSTREAM_RESPONSE);
                assertThat(e.status()).isEqualTo(502);
                assertThat(e.getMessage()).contains("'google'");
            });
        }
    }
}
