package dev.gatehouse.api.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.NativeRequest;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesToChatRequestTest {

    private static ObjectNode body(String json) {
        return (ObjectNode) Json.parse(json);
    }

    private static CanonicalRequest read(String json) {
        return new ResponsesRequestReader().read(body(json), Buffer.buffer(json), MultiMap.caseInsensitiveMultiMap());
    }

    @Test
    void translatesEveryItemKindAndSetting() {
        CanonicalRequest request = read("""
                {"model":"m","instructions":"Be brief.","stream":true,"max_output_tokens":50,"temperature":0.2,
                 "top_p":0.9,"parallel_tool_calls":false,"reasoning":{"effort":"high"},"user":"u1",
                 "tool_choice":{"type":"function","name":"f"},
                 "tools":[{"type":"function","name":"f","description":"d","parameters":{"type":"object"},"strict":true}],
                 "text":{"format":{"type":"json_schema","name":"out","schema":{"type":"object"},"strict":true}},
                 "input":[
                   {"role":"developer","content":"Use metric units."},
                   {"type":"message","role":"user","content":[{"type":"input_text","text":"Look:"},
                      {"type":"input_image","image_url":"https://example.com/a.png","detail":"low"}]},
                   {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Calling."}]},
                   {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},
                   {"type":"function_call","call_id":"c2","name":"f","arguments":"{\\"x\\":1}"},
                   {"type":"reasoning","id":"rs_1","summary":[]},
                   {"type":"function_call_output","call_id":"c1","output":"one"},
                   {"type":"function_call_output","call_id":"c2","output":[{"type":"input_text","text":"two"}]}
                 ]}
                """);

        JsonNode chat = request.body();
        JsonNode m = chat.path("messages");
        assertThat(m).hasSize(6);
        assertThat(m.get(0).toString()).isEqualTo("{\"role\":\"system\",\"content\":\"Be brief.\"}");
        assertThat(m.get(1).toString()).isEqualTo("{\"role\":\"system\",\"content\":\"Use metric units.\"}");
        assertThat(m.get(2).path("content").get(1).path("image_url").path("url").asText())
                .isEqualTo("https://example.com/a.png");
        assertThat(m.get(2)
                        .path("content")
                        .get(1)
                        .path("image_url")
                        .path("detail")
                        .asText())
                .isEqualTo("low");
        assertThat(m.get(3).path("content").asText()).isEqualTo("Calling.");
        assertThat(m.get(3).path("tool_calls")).hasSize(2);
        assertThat(m.get(3)
                        .path("tool_calls")
                        .get(1)
                        .path("function")
                        .path("arguments")
                        .asText())
                .isEqualTo("{\"x\":1}");
        assertThat(m.get(4).toString()).isEqualTo("{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"one\"}");
        assertThat(m.get(5).path("content").asText()).isEqualTo("two");
        assertThat(chat.path("tools").get(0).path("function").path("strict").asBoolean())
                .isTrue();
        assertThat(chat.path("tool_choice").path("function").path("name").asText())
                .isEqualTo("f");
        assertThat(chat.path("response_format").path("json_schema").path("name").asText())
                .isEqualTo("out");
        assertThat(chat.path("max_completion_tokens").asInt()).isEqualTo(50);
        assertThat(chat.path("reasoning_effort").asText()).isEqualTo("high");
        assertThat(chat.path("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(chat.path("stream_options").path("include_usage").asBoolean())
                .isTrue();
        assertThat(request.stream()).isTrue();
        assertThat(request.maxOutputTokens()).isEqualTo(50);
        assertThat(request.nativeIn(NativeRequest.Dialect.OPENAI_RESPONSES)).isNotNull();
    }

    @Test
    void putsTheHistoryBetweenTheInstructionsAndTheInput() {
        List<JsonNode> history = List.of(
                Json.parse(
                        "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Hi\"}]}"),
                Json.parse(
                        "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hello\"}]}"));

        JsonNode chat = ResponsesRequestReader.canonical(
                        body("{\"model\":\"m\",\"instructions\":\"I\",\"input\":\"Again\"}"), history)
                .body();

        assertThat(chat.path("messages"))
                .extracting(n -> n.path("role").asText())
                .containsExactly("system", "user", "assistant", "user");
        assertThat(chat.path("messages").get(2).path("content").asText()).isEqualTo("Hello");
    }

    @Test
    void refusesWhatNoProviderCanTakeWithTheFieldPath() {
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"input\":[{\"type\":\"file_search_call\",\"id\":\"x\"}]}"))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("input[0].type"));
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"input\":\"x\",\"tool_choice\":\"sometimes\"}"))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("tool_choice"));
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"input\":\"x\",\"temperature\":3}"))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("temperature"));
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"input\":\"x\",\"background\":true}"))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("background"));
        assertThatThrownBy(() ->
                        read("{\"model\":\"m\",\"input\":[{\"type\":\"function_call_output\",\"output\":\"x\"}]}"))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("input[0].call_id"));
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"input\":\"x\",\"metadata\":{\"k\":1}}"))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("metadata.k"));
    }
}
