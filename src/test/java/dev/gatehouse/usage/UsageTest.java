package dev.gatehouse.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class UsageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsOpenAisReasoningTokensAsPartOfTheOutput() throws Exception {
        // The shape of an o-series answer's usage (API reference, "The chat completion object").
        Usage usage = Usage.fromOpenAi(JSON.readTree("""
                {"prompt_tokens": 75, "completion_tokens": 1186, "total_tokens": 1261,
                 "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                 "completion_tokens_details": {"reasoning_tokens": 1024, "audio_tokens": 0,
                   "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}}"""));

        assertThat(usage).isEqualTo(new Usage(75, 0, 0, 0, 1186, 1024, false));
        assertThat(usage.toOpenAi()
                        .path("completion_tokens_details")
                        .path("reasoning_tokens")
                        .asLong())
                .isEqualTo(1024);
    }

    @Test
    void writesNoReasoningDetailsWhenThereIsNoReasoning() {
        assertThat(new Usage(12, 0, 0, 9, false).toOpenAi().has("completion_tokens_details"))
                .isFalse();
    }
}
