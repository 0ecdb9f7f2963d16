package dev.gatehouse.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scan must read every answer as a parsed tree would: same shape verdict, same usage. */
class OpenAiAnswerScanTest {

    private static final List<String> VALID = List.of(
            """
            {"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",\
            "content":"Hi \\"there\\" \\u00e9\\ud83d\\ude00","usage":{"prompt_tokens":999}}}],\
            "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,\
            "prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":1}}}""",
            "{\"usage\":{\"prompt_tokens\":5},\"choices\":[]}",
            "{\"choices\":[],\"usage\":null}",
            "{\"choices\":[]}",
            "{\"choices\":{\"not\":\"a list\"},\"usage\":{\"prompt_tokens\":1}}",
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":1},\"usage\":{\"prompt_tokens\":2}}",
            "{\"choices\":[],\"choices\":\"last one wins\"}",
            "{\"data\":[{\"embedding\":[0.1,-2e-3,3]}],\"usage\":{\"prompt_tokens\":7,\"total_tokens\":7}}",
            "{\"choices\":[],\"usage\":7}",
            "{}",
            "[1,2,{\"choices\":[]}]",
            "\"just a string\"",
            "42",
            "null",
            "   ",
            "",
            "{\"choices\":[]} trailing words are not read");

    private static final List<String> INVALID = List.of(
            "{\"choices\":[}",
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":}}",
            "{\"a\":tru}",
            "{\"choices\":[]",
            "{\"s\":\"bad escape \\q\"}");

    @Test
    void agreesWithTheParsedTreeOnEveryValidAnswer() throws IOException {
        for (String text : VALID) {
            for (String list : List.of("choices", "data")) {
                JsonNode tree = Json.tryParse(Buffer.buffer(text)).orElseThrow();
                OpenAiAnswerScan.Found found = OpenAiAnswerScan.scan(Buffer.buffer(text), list);

                assertThat(found.isObject()).as(text).isEqualTo(tree.isObject());
                assertThat(found.hasShape())
                        .as(text)
                        .isEqualTo(tree.isObject() && tree.path(list).isArray());
                assertThat(found.usage()).as(text).isEqualTo(tree.isObject() ? tree.get("usage") : null);
            }
        }
    }

    @Test
    void rejectsWhatATreeCannotBeParsedFrom() {
        for (String text : INVALID) {
            assertThat(Json.tryParse(Buffer.buffer(text))).as(text).isEqualTo(Optional.empty());
            assertThatThrownBy(() -> OpenAiAnswerScan.scan(Buffer.buffer(text), "choices"))
                    .as(text)
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void readsOnlyTheBytesOfASlice() throws IOException {
        Buffer whole = Buffer.buffer("xx{\"choices\":[],\"usage\":{\"prompt_tokens\":3}}yy");
        Buffer slice = whole.slice(2, whole.length() - 2);

        assertThat(OpenAiAnswerScan.scan(slice, "choices")
                        .usage()
                        .path("prompt_tokens")
                        .asInt())
                .isEqualTo(3);
        assertThat(Json.tryParse(slice)
                        .orElseThrow()
                        .path("usage")
                        .path("prompt_tokens")
                        .asInt())
                .isEqualTo(3);
    }
}
