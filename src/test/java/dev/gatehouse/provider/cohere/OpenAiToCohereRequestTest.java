package dev.gatehouse.provider.cohere;

import static dev.gatehouse.provider.cohere.CohereRequests.chat;
import static dev.gatehouse.provider.cohere.CohereRequests.cohereBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import org.junit.jupiter.api.Test;

class OpenAiToCohereRequestTest {

    private static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"get_weather","description":"Get the weather",
             "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}""";

    @Test
    void sendsTheRouteModelTheStreamFlagAndTheSamplingParameters() {
        JsonNode body = cohereBody("""
                {"model":"my-model","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":100,
                 "temperature":0.5,"top_p":0.9,"seed":7,"frequency_penalty":0.2,"presence_penalty":0.1,"stop":"END",
                 "user":"u-1","parallel_tool_calls":true}""");

        assertThat(body.path("model").asText()).isEqualTo(CohereRequests.MODEL);
        assertThat(body.path("stream").isBoolean()).isTrue();
        assertThat(body.path("stream").asBoolean()).isFalse();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("p").asDouble()).isEqualTo(0.9);
        assertThat(body.has("top_p")).isFalse();
        assertThat(body.path("seed").asInt()).isEqualTo(7);
        assertThat(body.path("frequency_penalty").asDouble()).isEqualTo(0.2);
        assertThat(body.path("presence_penalty").asDouble()).isEqualTo(0.1);
        assertThat(body.path("stop_sequences")).isEqualTo(Json.parse("[\"END\"]"));
        assertThat(body.has("user")).isFalse();
        assertThat(body.has("parallel_tool_calls")).isFalse();
    }

    @Test
    void takesMaxTokensAndAStopListAndSetsStreamWhenTheClientStreams() {
        JsonNode body = cohereBody("""
                {"model":"m","messages":[{"role":"user","content":"Hi"}],"max_tokens":5,"stop":["a","b"],"stream":true}""");

        assertThat(body.path("max_tokens").asInt()).isEqualTo(5);
        assertThat(body.path("stop_sequences")).isEqualTo(Json.parse("[\"a\",\"b\"]"));
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.has("stream_options")).isFalse();
    }

    @Test
    void keepsSystemAndDeveloperMessagesInPlaceAsSystemMessages() {
        JsonNode messages = cohereBody("""
                {"model":"m","messages":[{"role":"system","content":"Be brief."},
                 {"role":"developer","content":[{"type":"text","text":"Use metric units."}]},
                 {"role":"user","content":"Hello"}]}""").path("messages");

        assertThat(messages).isEqualTo(Json.parse("""
                [{"role":"system","content":"Be brief."},
                 {"role":"system","content":[{"type":"text","text":"Use metric units."}]},
                 {"role":"user","content":"Hello"}]"""));
    }

    @Test
    void passesImagesAsImageUrlPartsWithTheirDetail() {
        JsonNode content = cohereBody("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}},
                 {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}""").path("messages").get(0).path("content");

        assertThat(content).isEqualTo(Json.parse("""
                [{"type":"text","text":"What is this?"},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}},
                 {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]"""));
    }

    @Test
    void rejectsAMalformedDataUrlAndPartsCohereCannotRead() {
        assertThatThrownBy(() -> cohereBody("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,abc"}}]}]}""")).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(e.param()).isEqualTo("messages[0].content[0].image_url.url");
        });
        assertThatThrownBy(() -> cohereBody("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAA","format":"wav"}}]}]}"""))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("messages[0].content[0]"));
    }

    @Test
    void sendsToolsInCohereShapeAndGivesAParameterlessToolAnEmptySchema() {
        JsonNode body = cohereBody("""
                {"model":"m","messages":[{"role":"user","content":"Weather?"}],"tools":[%s,
                 {"type":"function","function":{"name":"get_time"}}],"tool_choice":"auto"}""".formatted(WEATHER_TOOL));

        assertThat(body.path("tools")).isEqualTo(Json.parse("""
                [{"type":"function","function":{"name":"get_weather","description":"Get the weather",
                  "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}},
                 {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}]"""));
        assertThat(body.has("tool_choice"))
                .as("auto is Cohere's default and has no value")
                .isFalse();
        assertThat(body.has("strict_tools")).isFalse();
    }

    @Test
    void mapsToolChoiceNoneAndRequired() {
        String request = """
                {"model":"m","messages":[{"role":"user","content":"Weather?"}],"tools":[%s],"tool_choice":"%s"}""";

        assertThat(cohereBody(request.formatted(WEATHER_TOOL, "none"))
                        .path("tool_choice")
                        .asText())
                .isEqualTo("NONE");
        assertThat(cohereBody(request.formatted(WEATHER_TOOL, "required"))
                        .path("tool_choice")
                        .asText())
                .isEqualTo("REQUIRED");
    }

    @Test
    void forcesANamedFunctionByRequiringAToolListOfJustThatFunction() {
        JsonNode body = cohereBody("""
                {"model":"m","messages":[{"role":"user","content":"Weather?"}],
                 "tools":[{"type":"function","function":{"name":"get_time","parameters":{"type":"object"}}},%s],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}}}""".formatted(WEATHER_TOOL));

        assertThat(body.path("tool_choice").asText()).isEqualTo("REQUIRED");
        assertThat(body.path("tools")).hasSize(1);
        assertThat(body.path("tools").get(0).path("function").path("name").asText())
                .isEqualTo("get_weather");
        assertThatThrownBy(() -> cohereBody("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"tools":[%s],
                 "tool_choice":{"type":"function","function":{"name":"nope"}}}""".formatted(WEATHER_TOOL)))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("tool_choice"));
    }

    @Test
    void asksForStrictToolsOnlyWhenEveryToolIsStrict() {
        String strict = """
                {"type":"function","function":{"name":"a","strict":true,"parameters":{"type":"object"}}}""";
        String loose = """
                {"type":"function","function":{"name":"b","parameters":{"type":"object"}}}""";
        String request = """
                {"model":"m","messages":[{"role":"user","content":"x"}],"tools":[%s]}""";

        assertThat(cohereBody(request.formatted(strict)).path("strict_tools").asBoolean())
                .isTrue();
        assertThat(cohereBody(request.formatted(strict + "," + loose)).has("strict_tools"))
                .isFalse();
    }

    @Test
    void turnsAssistantTextBesideToolCallsIntoTheToolPlanAndKeepsToolResults() {
        JsonNode messages = cohereBody("""
                {"model":"m","messages":[{"role":"user","content":"Weather in Boston?"},
                 {"role":"assistant","content":"I will look it up.","tool_calls":[{"id":"get_weather_1","type":"function",
                  "function":{"name":"get_weather","arguments":"{\\"location\\":\\"Boston, MA\\"}"}}]},
                 {"role":"tool","tool_call_id":"get_weather_1","content":"{\\"temperature\\":\\"20C\\"}"},
                 {"role":"tool","tool_call_id":"get_weather_2","content":[{"type":"text","text":"sunny"}]},
                 {"role":"assistant","content":[{"type":"text","text":"It is 20C."}]}]}""").path("messages");

        assertThat(messages.get(1)).isEqualTo(Json.parse("""
                {"role":"assistant","tool_plan":"I will look it up.","tool_calls":[{"id":"get_weather_1","type":"function",
                 "function":{"name":"get_weather","arguments":"{\\"location\\":\\"Boston, MA\\"}"}}]}"""));
        assertThat(messages.get(2)).isEqualTo(Json.parse("""
                {"role":"tool","tool_call_id":"get_weather_1","content":"{\\"temperature\\":\\"20C\\"}"}"""));
        assertThat(messages.get(3)).isEqualTo(Json.parse("""
                {"role":"tool","tool_call_id":"get_weather_2","content":[{"type":"text","text":"sunny"}]}"""));
        assertThat(messages.get(4)).isEqualTo(Json.parse("""
                {"role":"assistant","content":"It is 20C."}"""));
    }

    @Test
    void sendsAnAssistantTurnWithOnlyToolCallsWithoutContentOrPlan() {
        JsonNode assistant = cohereBody("""
                {"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","content":null,
                 "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]}]}""").path("messages").get(1);

        assertThat(assistant.has("content")).isFalse();
        assertThat(assistant.has("tool_plan")).isFalse();
        assertThat(assistant.path("tool_calls").get(0).path("id").asText()).isEqualTo("c1");
    }

    @Test
    void translatesResponseFormats() {
        String request = """
                {"model":"m","messages":[{"role":"user","content":"JSON please"}],"response_format":%s}""";

        assertThat(cohereBody(request.formatted("{\"type\":\"json_object\"}")).path("response_format"))
                .isEqualTo(Json.parse("{\"type\":\"json_object\"}"));
        assertThat(cohereBody(request.formatted("{\"type\":\"text\"}")).path("response_format"))
                .isEqualTo(Json.parse("{\"type\":\"text\"}"));
        assertThat(cohereBody(request.formatted("""
                {"type":"json_schema","json_schema":{"name":"person","strict":true,
                 "schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}""")).path("response_format")).isEqualTo(Json.parse("""
                        {"type":"json_object","json_schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}"""));
    }

    @Test
    void refusesWhatCohereCannotExpress() {
        assertThatThrownBy(() -> cohereBody("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"n":2}"""))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("n"));
        assertThatThrownBy(() -> cohereBody("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"logprobs":true}"""))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("logprobs"));
        assertThatThrownBy(() -> cohereBody("""
                {"model":"m","messages":[{"role":"function","name":"f","content":"x"}]}"""))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("messages[0].role"));
    }

    @Test
    void leavesTheCanonicalRequestUntouched() {
        CanonicalRequest request = chat("""
                {"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","content":"plan",
                 "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]}],
                 "tools":[%s],"tool_choice":{"type":"function","function":{"name":"get_weather"}}}""".formatted(WEATHER_TOOL));
        JsonNode before = request.body().deepCopy();

        OpenAiToCohereRequest.of(request, CohereRequests.route());

        assertThat(request.body()).isEqualTo(before);
    }
}
