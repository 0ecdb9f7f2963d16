package dev.gatehouse.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tool-call ids, and the thought signatures they carry between turns. */
class GeminiToolCallIdsTest {

    private static final String SIGNATURE = "iH+NnTmXaIokugw/49tSm7M/5JS6f9R/pkujlpdqVFEkC9mirg==";

    @Test
    void numbersCallsWithoutSignatures() {
        assertThat(GeminiToolCallIds.encode(0, null)).isEqualTo("call_0");
        assertThat(GeminiToolCallIds.encode(2, "")).isEqualTo("call_2");
        assertThat(GeminiToolCallIds.signatureOf("call_0")).isNull();
    }

    @Test
    void carriesTheSignatureInAnIdEveryDialectAccepts() {
        String id = GeminiToolCallIds.encode(1, SIGNATURE);

        assertThat(id).startsWith("call_1_ts_").matches("[A-Za-z0-9_-]+");
        assertThat(GeminiToolCallIds.signatureOf(id)).isEqualTo(SIGNATURE);
    }

    @Test
    void roundTripsSignaturesOfEveryPaddingLength() {
        for (String signature : new String[] {"YQ==", "YWI=", "YWJj", "+/+/"}) {
            assertThat(GeminiToolCallIds.signatureOf(GeminiToolCallIds.encode(0, signature)))
                    .isEqualTo(signature);
        }
    }

    @Test
    void findsNoSignatureInOtherProvidersIds() {
        assertThat(GeminiToolCallIds.signatureOf("call_abc123XYZ")).isNull();
        assertThat(GeminiToolCallIds.signatureOf("toolu_01A09q90qw90lq917835lq9"))
                .isNull();
        assertThat(GeminiToolCallIds.signatureOf(null)).isNull();
    }
}
