package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PiiScrubberTest {

    @Test
    void masksEmailsPhonesCardsAndKeys() {
        String text =
                "Mail jane.doe+x@example.co.uk or call +1 415-555-0132 / (020) 7946 0958; card 4111 1111 1111 1111, "
                        + "key sk-proj-abcdefghijklmnop1234 and AKIAIOSFODNN7EXAMPLE, Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345";
        String scrubbed = PiiScrubber.scrub(text);
        assertThat(scrubbed)
                .doesNotContain("jane", "415", "7946", "4111", "sk-proj", "AKIA", "abcdefghijklmnopqrstuvwxyz");
        assertThat(scrubbed).contains("[EMAIL]", "[PHONE]", "[CARD]", "[SECRET]");
    }

    @Test
    void leavesOrdinaryNumbersAndTextAlone() {
        String text = "Order 1234567890123 shipped in 2025 with 3 items costing 19.99; the answer is 42.";
        assertThat(PiiScrubber.scrub(text)).isEqualTo(text);
    }
}
