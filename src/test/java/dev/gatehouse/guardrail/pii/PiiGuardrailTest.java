package dev.gatehouse.guardrail.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.guardrail.Direction;
import dev.gatehouse.guardrail.GuardrailText;
import dev.gatehouse.guardrail.Verdict;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PiiGuardrailTest {

    private static GuardrailText input(String... segments) {
        return new GuardrailText(Direction.INPUT, List.of(segments), "gpt-4o", "key-1", null);
    }

    private static PiiGuardrail guardrail(Map<PiiEntity, PiiAction> entities, PiiAction fallback) {
        return new PiiGuardrail(new PiiSettings(entities, fallback, PiiSettings.DEFAULT_PHONE_REGIONS, List.of()));
    }

    @Test
    void redactReplacesEachValueWithItsTypePlaceholder() {
        Verdict v = guardrail(Map.of(), PiiAction.REDACT)
                .check(input("mail jane@example.com", "or call +44 20 7946 0958"))
                .result();
        assertThat(v).isInstanceOfSatisfying(Verdict.Redact.class, r -> {
            assertThat(r.segments()).containsExactly("mail [EMAIL]", "or call [PHONE]");
            assertThat(r.restore()).isEmpty();
            assertThat(r.findings()).containsExactly("email", "phone");
        });
    }

    @Test
    void maskAndRestoreNumbersPlaceholdersStablyAcrossSegments() {
        Verdict v = guardrail(Map.of(PiiEntity.EMAIL, PiiAction.MASK_AND_RESTORE), PiiAction.REDACT)
                .check(input(
                        "from a@example.com to b@example.com",
                        "cc a@example.com and 4111 1111 1111 1111",
                        "nothing here"))
                .result();
        assertThat(v).isInstanceOfSatisfying(Verdict.Redact.class, r -> {
            assertThat(r.segments())
                    .containsExactly("from [EMAIL_1] to [EMAIL_2]", "cc [EMAIL_1] and [CARD]", "nothing here");
            assertThat(r.restore())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "[EMAIL_1]", "a@example.com",
                            "[EMAIL_2]", "b@example.com"));
            assertThat(r.findings()).containsExactly("email", "card");
        });
    }

    @Test
    void restoringTheMaskedTextGivesBackTheOriginal() {
        String original = "Write to jane@example.com, call (212) 555-1234, IBAN DE89370400440532013000.";
        PiiGuardrail pii = guardrail(Map.of(), PiiAction.MASK_AND_RESTORE);
        Verdict.Redact r = (Verdict.Redact) pii.check(input(original)).result();
        assertThat(r.segments().get(0))
                .isEqualTo("Write to [EMAIL_1], call [PHONE_1], IBAN [IBAN_1].")
                .doesNotContain("jane", "555", "DE89");
        String restored = r.segments().get(0);
        for (Map.Entry<String, String> e : r.restore().entrySet()) {
            restored = restored.replace(e.getKey(), e.getValue());
        }
        assertThat(restored).isEqualTo(original);
    }

    @Test
    void placeholdersSkipNumbersTheTextAlreadyUses() {
        Verdict.Redact r = (Verdict.Redact) guardrail(Map.of(), PiiAction.MASK_AND_RESTORE)
                .check(input("template [EMAIL_1] stays; mask x@example.com"))
                .result();
        assertThat(r.segments()).containsExactly("template [EMAIL_1] stays; mask [EMAIL_2]");
        assertThat(r.restore()).containsExactly(Map.entry("[EMAIL_2]", "x@example.com"));
    }

    @Test
    void blockNamesTheBlockedTypesButNeverTheValues() {
        Verdict v = guardrail(Map.of(PiiEntity.CARD, PiiAction.BLOCK, PiiEntity.SSN, PiiAction.BLOCK), PiiAction.REDACT)
                .check(input("my card is 4111 1111 1111 1111 and mail jane@example.com"))
                .result();
        assertThat(v).isInstanceOfSatisfying(Verdict.Block.class, b -> {
            assertThat(b.reason()).contains("card").doesNotContain("4111", "jane", "ssn", "email");
            assertThat(b.findings()).containsExactly("card", "email");
        });
    }

    @Test
    void logOnlyAllowsWithFindings() {
        Verdict v = guardrail(Map.of(), PiiAction.LOG_ONLY)
                .check(input("server 10.0.0.1 key AKIAIOSFODNN7EXAMPLE"))
                .result();
        assertThat(v).isEqualTo(new Verdict.Allow(List.of("ip", "secret")));
    }

    @Test
    void cleanTextIsAllowedWithoutFindings() {
        assertThat(guardrail(Map.of(), PiiAction.BLOCK)
                        .check(input("hello there"))
                        .result())
                .isEqualTo(Verdict.Allow.clean());
    }

    @Test
    void offTypesAreNotLookedFor() {
        PiiGuardrail pii = guardrail(Map.of(PiiEntity.IP, PiiAction.OFF), PiiAction.BLOCK);
        assertThat(pii.check(input("ping 10.0.0.1")).result()).isEqualTo(Verdict.Allow.clean());
        assertThat(pii.scrub("ping 10.0.0.1")).isEqualTo("ping 10.0.0.1");
    }

    @Test
    void customPatternsReportTheirOwnNameWithTheirAction() {
        PiiSettings settings = new PiiSettings(
                Map.of(),
                PiiAction.LOG_ONLY,
                List.of("US"),
                List.of(new CustomPattern("employee_id", Pattern.compile("EMP-\\d{6}"), PiiAction.MASK_AND_RESTORE)));
        Verdict.Redact r = (Verdict.Redact) new PiiGuardrail(settings)
                .check(input("EMP-004211 wrote from a@b.io"))
                .result();
        assertThat(r.segments()).containsExactly("[EMPLOYEE_ID_1] wrote from a@b.io");
        assertThat(r.restore()).containsExactly(Map.entry("[EMPLOYEE_ID_1]", "EMP-004211"));
        assertThat(r.findings()).containsExactly("employee_id", "email");
    }

    @Test
    void anAnswerIsBlockedInItsOwnWords() {
        Verdict v = guardrail(Map.of(), PiiAction.BLOCK)
                .check(new GuardrailText(Direction.OUTPUT, List.of("SSN 123-45-6789"), "m", null, null))
                .result();
        assertThat(v)
                .isInstanceOfSatisfying(
                        Verdict.Block.class, b -> assertThat(b.reason()).startsWith("the answer contains"));
    }

    @Test
    void scrubMasksEveryTypeWhateverItsAction() {
        PiiGuardrail pii = guardrail(Map.of(PiiEntity.EMAIL, PiiAction.LOG_ONLY), PiiAction.BLOCK);
        assertThat(pii.scrub("a@b.io paid with 4111111111111111")).isEqualTo("[EMAIL] paid with [CARD]");
    }
}
