package dev.gatehouse.provider.gemini;

import static dev.gatehouse.provider.gemini.GeminiRequests.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading candidates and mapping Candidate.FinishReason to OpenAI finish reasons. */
class GeminiCandidateTest {

    @ParameterizedTest
    @CsvSource({
        "STOP, false, stop",
        "STOP, true, tool_calls",
        "MAX_TOKENS, false, length",
        "MAX_TOKENS, true, length",
        "SAFETY, false, content_filter",
        "RECITATION, false, content_filter",
        "LANGUAGE, false, content_filter",
        "BLOCKLIST, false, content_filter",
        "PROHIBITED_CONTENT, false, content_filter",
        "SPII, false, content_filter",
        "IMAGE_SAFETY, false, content_filter",
        "OTHER, false, stop",
        "MALFORMED_FUNCTION_CALL, false, stop",
        "FINISH_REASON_UNSPECIFIED, false, stop",
        "SOMETHING_NEW, true, tool_calls",
    })
    void mapsFinishReasons(String gemini, boolean hasCalls, String openAi) {
        assertThat(GeminiCandidate.openAiFinishReason(gemini, hasCalls)).isEqualTo(openAi);
    }

    @Test
    void readsTextCallsAndSignaturesAndSkipsThoughts() {
        GeminiCandidate c = GeminiCandidate.read(
                json(
                        "{'content':{'parts':[{'text':'thinking','thought':true},{'text':'Hel'},"
                                + "{'text':'lo'},{'functionCall':{'name':'f','args':{'b':[1,2]}},'thoughtSignature':'c2ln'}]},'finishReason':'STOP'}"),
                3);

        assertThat(c.index()).as("position when index is absent").isEqualTo(3);
        assertThat(c.text()).isEqualTo("Hello");
        assertThat(c.calls()).containsExactly(new GeminiCandidate.Call("f", "{\"b\":[1,2]}", "c2ln"));
        assertThat(c.finishReason()).isEqualTo("STOP");
    }

    @Test
    void hasNoFinishReasonWhileUnfinished() {
        assertThat(GeminiCandidate.read(json("{'content':{'parts':[{'text':'x'}]},'index':0}"), 0)
                        .finishReason())
                .isNull();
    }
}
