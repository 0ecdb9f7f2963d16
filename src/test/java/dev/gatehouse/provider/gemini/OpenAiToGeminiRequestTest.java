package dev.gatehouse.provider.gemini;

import static dev.gatehouse.provider.gemini.GeminiRequests.chat;
import static dev.gatehouse.provider.gemini.GeminiRequests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.GatewayError;
import org.junit.jupiter.api.Test;

/** The GenerateContentRequest built from an OpenAI chat request. */
class OpenAiToGeminiRequestTest {

    private static final String HELLO =
            "'messages':[{'role':'system','content':'Be brief.'},{'role':'user','content':'Hello'}]";

    private static JsonNode translate(String body) {
        return OpenAiToGeminiRequest.of(chat(body));
    }

    @Test
    void buildsSystemInstructionContentsAndGenerationConfig() {
        JsonNode body = translate(
                "{'model':'m'," + HELLO + ",'temperature':0.5,'top_p':0.9,'max_completion_tokens':100,"
                        + "'stop':['END','STOP'],'n':2,'seed':7,'presence_penalty':0.1,'frequency_penalty':0.2,'user':'u1'}");

        assertThat(body)
                .isEqualTo(json("{'systemInstruction':{'parts':[{'text':'Be brief.'}]},"
                        + "'contents':[{'role':'user','parts':[{'text':'Hello'}]}],"
                        + "'generationConfig':{'temperature':0.5,'topP':0.9,'presencePenalty':0.1,'frequencyPenalty':0.2,"
                        + "'maxOutputTokens':100,'stopSequences':['END','STOP'],'candidateCount':2,'seed':7}}"));
    }

    @Test
    void readsMaxTokensAndASingleStopString() {
        JsonNode config = translate("{'model':'m'," + HELLO + ",'max_tokens':20,'stop':'END'}")
                .path("generationConfig");

        assertThat(config).isEqualTo(json("{'maxOutputTokens':20,'stopSequences':['END']}"));
    }

    @Test
    void sendsNoGenerationConfigWhenNothingIsSet() {
        assertThat(translate("{'model':'m'," + HELLO + "}").has("generationConfig"))
                .isFalse();
    }

    @Test
    void declaresFunctionsWithTheirJsonSchema() {
        JsonNode body =
                translate("{'model':'m'," + HELLO + ",'tools':[{'type':'function','function':{'name':'get_weather',"
                        + "'description':'Get the weather','parameters':{'type':'object','properties':{'location':{'type':'string'}},"
                        + "'required':['location'],'additionalProperties':false},'strict':true}},"
                        + "{'type':'function','function':{'name':'now'}}]}");

        assertThat(body.path("tools"))
                .isEqualTo(json("[{'functionDeclarations':["
                        + "{'name':'get_weather','description':'Get the weather','parametersJsonSchema':{'type':'object',"
                        + "'properties':{'location':{'type':'string'}},'required':['location'],'additionalProperties':false}},"
                        + "{'name':'now'}]}]"));
        assertThat(body.has("toolConfig")).isFalse();
    }

    @Test
    void mapsToolChoiceToTheFunctionCallingMode() {
        String tools = ",'tools':[{'type':'function','function':{'name':'f'}}]";
        assertThat(toolConfig(tools + ",'tool_choice':'auto'"))
                .isEqualTo(json("{'functionCallingConfig':{'mode':'AUTO'}}"));
        assertThat(toolConfig(tools + ",'tool_choice':'none'"))
                .isEqualTo(json("{'functionCallingConfig':{'mode':'NONE'}}"));
        assertThat(toolConfig(tools + ",'tool_choice':'required'"))
                .isEqualTo(json("{'functionCallingConfig':{'mode':'ANY'}}"));
        assertThat(toolConfig(tools + ",'tool_choice':{'type':'function','function':{'name':'f'}}"))
                .isEqualTo(json("{'functionCallingConfig':{'mode':'ANY','allowedFunctionNames':['f']}}"));
        assertThat(translate("{'model':'m'," + HELLO + ",'tool_choice':'none'}").has("toolConfig"))
                .as("no tools, nothing to configure")
                .isFalse();
    }

    private static JsonNode toolConfig(String extra) {
        return translate("{'model':'m'," + HELLO + extra + "}").path("toolConfig");
    }

    @Test
    void refusesToolsAndChoicesGeminiCannotExpress() {
        assertThatThrownBy(() ->
                        translate("{'model':'m'," + HELLO + ",'tools':[{'type':'custom','custom':{'name':'x'}}]}"))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("tools[0].type"));
        assertThatThrownBy(() -> translate("{'model':'m'," + HELLO
                        + ",'tools':[{'type':'function','function':{'name':'f'}}]," + "'tool_choice':'sometimes'}"))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("tool_choice"));
    }

    @Test
    void asksForJsonOutputForJsonResponseFormats() {
        assertThat(translate("{'model':'m'," + HELLO + ",'response_format':{'type':'json_object'}}")
                        .path("generationConfig"))
                .isEqualTo(json("{'responseMimeType':'application/json'}"));
        assertThat(translate("{'model':'m'," + HELLO
                                + ",'response_format':{'type':'json_schema','json_schema':{'name':'r',"
                                + "'schema':{'type':'object','properties':{'a':{'type':'integer'}}}}}}")
                        .path("generationConfig"))
                .isEqualTo(
                        json(
                                "{'responseMimeType':'application/json','responseJsonSchema':{'type':'object','properties':{'a':{'type':'integer'}}}}"));
        assertThat(translate("{'model':'m'," + HELLO + ",'response_format':{'type':'text'}}")
                        .has("generationConfig"))
                .isFalse();
    }

    @Test
    void neverChangesTheClientRequest() {
        CanonicalRequest request = chat("{'model':'m'," + HELLO + ",'tools':[{'type':'function','function':{'name':'f',"
                + "'parameters':{'type':'object'}}}],'stop':['x']}");
        JsonNode before = request.body().deepCopy();

        JsonNode first = OpenAiToGeminiRequest.of(request);
        JsonNode second = OpenAiToGeminiRequest.of(request);

        assertThat(request.body()).isEqualTo(before);
        assertThat(second).as("idempotent, so a retry sends the same").isEqualTo(first);
    }
}
