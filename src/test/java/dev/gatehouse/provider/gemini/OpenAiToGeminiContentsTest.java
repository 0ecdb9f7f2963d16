package dev.gatehouse.provider.gemini;

import static dev.gatehouse.provider.gemini.GeminiRequests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.error.GatewayError;
import org.junit.jupiter.api.Test;

/** OpenAI messages to Gemini systemInstruction and contents. */
class OpenAiToGeminiContentsTest {

    private static OpenAiToGeminiContents.Translated translate(String messages) {
        return OpenAiToGeminiContents.of(json(messages));
    }

    @Test
    void movesSystemAndDeveloperMessagesIntoTheSystemInstruction() {
        var t = translate(
                "[{'role':'system','content':'Be brief.'},{'role':'developer','content':[{'type':'text','text':'Use French.'}]},"
                        + "{'role':'user','content':'Hello'}]");

        assertThat(t.systemInstruction()).isEqualTo(json("{'parts':[{'text':'Be brief.'},{'text':'Use French.'}]}"));
        assertThat(t.contents()).isEqualTo(json("[{'role':'user','parts':[{'text':'Hello'}]}]"));
    }

    @Test
    void hasNoSystemInstructionWithoutSystemMessages() {
        assertThat(translate("[{'role':'user','content':'Hi'}]").systemInstruction())
                .isNull();
    }

    @Test
    void mapsAssistantToModelAndMergesConsecutiveTurnsOfOneRole() {
        var t = translate("[{'role':'user','content':'One'},{'role':'user','content':[{'type':'text','text':'Two'}]},"
                + "{'role':'assistant','content':'Three'},{'role':'user','content':'Four'}]");

        assertThat(t.contents())
                .isEqualTo(json("[{'role':'user','parts':[{'text':'One'},{'text':'Two'}]},"
                        + "{'role':'model','parts':[{'text':'Three'}]},{'role':'user','parts':[{'text':'Four'}]}]"));
    }

    @Test
    void sendsDataUrlImagesAsInlineData() {
        var t = translate("[{'role':'user','content':[{'type':'text','text':'What is this?'},"
                + "{'type':'image_url','image_url':{'url':'data:image/jpeg;base64,/9j/4AAQ'}}]}]");

        assertThat(t.contents().get(0).path("parts").get(1))
                .isEqualTo(json("{'inlineData':{'mimeType':'image/jpeg','data':'/9j/4AAQ'}}"));
    }

    @Test
    void refusesRemoteImageUrlsNamingTheParameter() {
        assertThatThrownBy(
                        () -> translate(
                                "[{'role':'user','content':[{'type':'image_url','image_url':{'url':'https://example.com/cat.png'}}]}]"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("messages[0].content[0].image_url.url");
                    assertThat(e.getMessage()).contains("data URL");
                });
    }

    @Test
    void refusesMalformedDataUrlsAndUnsupportedParts() {
        assertThatThrownBy(() -> translate(
                        "[{'role':'user','content':[{'type':'image_url','image_url':{'url':'data:image/png,abc'}}]}]"))
                .isInstanceOf(GatewayError.class);
        assertThatThrownBy(
                        () -> translate(
                                "[{'role':'user','content':[{'type':'input_audio','input_audio':{'data':'x','format':'wav'}}]}]"))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("messages[0].content[0].type"));
        assertThatThrownBy(
                        () -> translate(
                                "[{'role':'system','content':[{'type':'image_url','image_url':{'url':'data:image/png;base64,AA=='}}]}]"))
                .isInstanceOf(GatewayError.class);
    }

    @Test
    void turnsToolCallsIntoFunctionCallsAndToolResultsIntoNamedFunctionResponses() {
        var t = translate("[{'role':'user','content':'Weather in Boston and Paris?'},"
                + "{'role':'assistant','content':null,'tool_calls':["
                + "{'id':'call_0','type':'function','function':{'name':'get_weather','arguments':'{\\'location\\':\\'Boston, MA\\'}'}},"
                + "{'id':'call_1','type':'function','function':{'name':'get_time','arguments':''}}]},"
                + "{'role':'tool','tool_call_id':'call_0','content':'{\\'temp_f\\':41}'},"
                + "{'role':'tool','tool_call_id':'call_1','content':'10:42'}]");

        assertThat(t.contents())
                .isEqualTo(json("[{'role':'user','parts':[{'text':'Weather in Boston and Paris?'}]},"
                        + "{'role':'model','parts':[{'functionCall':{'name':'get_weather','args':{'location':'Boston, MA'}}},"
                        + "{'functionCall':{'name':'get_time','args':{}}}]},"
                        + "{'role':'user','parts':[{'functionResponse':{'name':'get_weather','response':{'temp_f':41}}},"
                        + "{'functionResponse':{'name':'get_time','response':{'content':'10:42'}}}]}]"));
    }

    @Test
    void restoresTheThoughtSignatureCarriedByTheToolCallId() {
        String id = GeminiToolCallIds.encode(0, "iH+NnTmXaIokugw/49tSm7M/5JS6f9R/pkujlpdqVFEkC9mirg==");
        var t = translate("[{'role':'user','content':'Weather?'},{'role':'assistant','tool_calls':[{'id':'" + id
                + "','type':'function','function':{'name':'get_weather','arguments':'{}'}}]},"
                + "{'role':'tool','tool_call_id':'" + id + "','content':'sunny'}]");

        assertThat(t.contents()
                        .get(1)
                        .path("parts")
                        .get(0)
                        .path("thoughtSignature")
                        .asText())
                .isEqualTo("iH+NnTmXaIokugw/49tSm7M/5JS6f9R/pkujlpdqVFEkC9mirg==");
        assertThat(t.contents()
                        .get(2)
                        .path("parts")
                        .get(0)
                        .path("functionResponse")
                        .path("name")
                        .asText())
                .isEqualTo("get_weather");
    }

    @Test
    void keepsAssistantTextBesideItsCalls() {
        var t = translate("[{'role':'assistant','content':'Let me check.','tool_calls':[{'id':'a','type':'function',"
                + "'function':{'name':'f','arguments':'{}'}}]}]");

        assertThat(t.contents().get(0).path("parts"))
                .isEqualTo(json("[{'text':'Let me check.'},{'functionCall':{'name':'f','args':{}}}]"));
    }

    @Test
    void refusesToolResultsForUnknownCallsAndArgumentsThatAreNotObjects() {
        assertThatThrownBy(() -> translate("[{'role':'tool','tool_call_id':'nope','content':'x'}]"))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("messages[0].tool_call_id"));
        assertThatThrownBy(() -> translate("[{'role':'assistant','tool_calls':[{'id':'a','type':'function',"
                        + "'function':{'name':'f','arguments':'[1,2]'}}]}]"))
                .isInstanceOfSatisfying(
                        GatewayError.class,
                        e -> assertThat(e.param()).isEqualTo("messages[0].tool_calls[0].function.arguments"));
    }

    @Test
    void acceptsLegacyFunctionCallsAndFunctionMessages() {
        var t = translate("[{'role':'assistant','function_call':{'name':'f','arguments':'{\\'a\\':1}'}},"
                + "{'role':'function','name':'f','content':'[1]'}]");

        assertThat(t.contents())
                .isEqualTo(json("[{'role':'model','parts':[{'functionCall':{'name':'f','args':{'a':1}}}]},"
                        + "{'role':'user','parts':[{'functionResponse':{'name':'f','response':{'content':'[1]'}}}]}]"));
    }

    @Test
    void leavesOutEmptyTextsAndEmptyTurns() {
        var t = translate(
                "[{'role':'user','content':'Hi'},{'role':'assistant','content':''},{'role':'user','content':'Again'}]");

        assertThat(t.contents()).isEqualTo(json("[{'role':'user','parts':[{'text':'Hi'},{'text':'Again'}]}]"));
    }
}
