package dev.gatehouse.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CacheKeyTest {

    private static final String BASE = """
            {"model":"m","temperature":0.2,"messages":[{"role":"system","content":"Be brief."},
             {"role":"user","content":"What is the capital of France?"}]}""";

    private static CacheKey key(String body) {
        return CacheKey.of("/v1/chat/completions", Json.parse(body), "team:t1", "");
    }

    private static String with(String field) {
        return BASE.replaceFirst("\\{", "{" + field + ",");
    }

    @Test
    void fieldOrderDoesNotMatter() {
        String reordered = """
                {"messages":[{"content":"Be brief.","role":"system"},
                 {"content":"What is the capital of France?","role":"user"}],"temperature":0.2,"model":"m"}""";
        assertThat(key(reordered).exact()).isEqualTo(key(BASE).exact());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"user\":\"u-42\"",
                "\"metadata\":{\"tags\":\"x\"}",
                "\"stream\":true",
                "\"stream_options\":{\"include_usage\":true}"
            })
    void fieldsThatDoNotChangeTheAnswerAreLeftOut(String field) {
        assertThat(key(with(field)).exact()).isEqualTo(key(BASE).exact());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"top_p\":0.5",
                "\"max_tokens\":10",
                "\"max_completion_tokens\":10",
                "\"seed\":7",
                "\"stop\":[\"\\n\"]",
                "\"n\":2",
                "\"logit_bias\":{\"50256\":-100}",
                "\"reasoning_effort\":\"high\"",
                "\"response_format\":{\"type\":\"json_object\"}",
                "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]",
                "\"tool_choice\":\"required\"",
                "\"frequency_penalty\":1",
                "\"some_new_vendor_field\":1"
            })
    void everyOtherFieldIsPartOfTheKey(String field) {
        assertThat(key(with(field)).exact()).isNotEqualTo(key(BASE).exact());
    }

    @Test
    void theModelTheMessagesTheSystemPromptTheScopeTheNamespaceAndTheSurfaceArePartOfTheKey() {
        String exact = key(BASE).exact();
        assertThat(key(BASE.replace("\"m\"", "\"m2\"")).exact()).isNotEqualTo(exact);
        assertThat(key(BASE.replace("Be brief.", "Be verbose.")).exact()).isNotEqualTo(exact);
        assertThat(key(BASE.replace("0.2", "0.3")).exact()).isNotEqualTo(exact);
        JsonNode body = Json.parse(BASE);
        assertThat(CacheKey.of("/v1/chat/completions", body, "team:t2", "").exact())
                .isNotEqualTo(exact);
        assertThat(CacheKey.of("/v1/chat/completions", body, "team:t1", "ns").exact())
                .isNotEqualTo(exact);
        assertThat(CacheKey.of("/v1/messages", body, "team:t1", "").exact()).isNotEqualTo(exact);
    }

    @Test
    void theSemanticPartitionIgnoresOnlyTheLastUserMessagesText() {
        CacheKey a = key(BASE);
        CacheKey b = key(BASE.replace("What is the capital of France?", "Tell me France's capital."));
        assertThat(b.exact()).isNotEqualTo(a.exact());
        assertThat(b.partition()).isNotNull().isEqualTo(a.partition());
        assertThat(b.lastUserText()).isEqualTo("Tell me France's capital.");

        assertThat(key(BASE.replace("Be brief.", "Answer in German.")).partition())
                .isNotEqualTo(a.partition());
        assertThat(CacheKey.of("/v1/chat/completions", Json.parse(BASE), "team:t2", "")
                        .partition())
                .isNotEqualTo(a.partition());
        assertThat(key(with("\"temperature\":0.9".replace("temperature", "top_p")))
                        .partition())
                .isNotEqualTo(a.partition());
    }

    @Test
    void aRequestWhoseLastMessageIsNotUserTextHasNoSemanticPartition() {
        CacheKey tool = key("""
                {"model":"m","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}""");
        assertThat(tool.partition()).isNull();
        CacheKey image = key("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"what is this"},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}""");
        assertThat(image.partition()).isNull();
        CacheKey parts = key("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}""");
        assertThat(parts.lastUserText()).isEqualTo("a\nb");
    }
}
