package dev.gatehouse.guardrail.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each built-in type, through the guardrail's scrub with the default settings (so overlaps with the
 * other detectors are resolved as in production): a true positive is replaced exactly, with its own
 * type's placeholder; a look-alike is left alone.
 */
class PiiDetectionTest {

    private static final PiiGuardrail PII = new PiiGuardrail(PiiSettings.defaults());

    private static void found(String value, String placeholder) {
        assertThat(PII.scrub("before " + value + " after.")).isEqualTo("before " + placeholder + " after.");
    }

    private static void ignored(String text) {
        assertThat(PII.scrub(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane.doe+tag@example.co.uk", "x@b.io", "FIRST_LAST@Sub.Domain-Name.com"})
    void findsEmails(String value) {
        found(value, "[EMAIL]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "npm i left-pad@1.3.0 and @types/node@20.11.5",
                "ssh deploy@localhost",
                "thanks @maria, see you",
                "the @Override annotation on toString()"
            })
    void leavesEmailLookAlikes(String text) {
        ignored(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "+1 415-555-0132",
                "(212) 555-1234",
                "+44 20 7946 0958",
                "(020) 7946 0958",
                "+49 30 901820",
                "030 901820",
                "+33 1 42 68 53 00"
            })
    void findsPhoneNumbersOfTheConfiguredRegions(String value) {
        found(value, "[PHONE]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "released on 2024-01-15 at 12:30:45",
                "due 15/01/2024, invoice INV-2024-0042",
                "version 1.2.3, build 4567",
                "order #A-100234 shipped",
                "request id 123e4567-e89b-12d3-a456-426614174000",
                "we have 1,234,567 users and $1,299.99 revenue",
                "Order 1234567890123 shipped in 2025 with 3 items costing 19.99; the answer is 42."
            })
    void leavesPhoneLookAlikes(String text) {
        ignored(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005", "6011111111111117"})
    void findsCardNumbersByLuhnAndIssuer(String value) {
        found(value, "[CARD]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tracking 1234 5678 9012 3456",
                "card 4111 1111 1111 1112 fails the check",
                "0000 0000 0000 0000",
                "mixed 4111-1111 1111-1111 separators",
                "sku 7992739871300 (Luhn-valid, no issuer)"
            })
    void leavesCardLookAlikes(String text) {
        ignored(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "fr1420041010050500013m02606"})
    void findsIbans(String value) {
        found(value, "[IBAN]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE89 3704 0044 0532 0130 01", "part AB12CDEFGHIJKLMNOPQR", "GB82 WEST 1234 5698 7654 33"})
    void leavesIbanLookAlikes(String text) {
        ignored(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"123-45-6789", "123 45 6789", "SSN: 123456789"})
    void findsSocialSecurityNumbers(String value) {
        String placeholder = value.startsWith("SSN") ? "SSN: [SSN]" : "[SSN]";
        found(value, placeholder);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000", "ticket 123456789"})
    void leavesNumbersTheSsnRulesExclude(String text) {
        ignored(text);
    }

    @org.junit.jupiter.api.Test
    void theSsnRulesRejectTheNumbersPrintedInAdvertising() {
        // 078-05-1120 is also a valid phone number in one of the default regions, so check the rule alone.
        java.util.List<PiiMatch> found = new java.util.ArrayList<>();
        new SsnDetector().find("078-05-1120 and 219-09-9999, but 219-09-9998", found);
        assertThat(found).extracting(PiiMatch::start).containsExactly(33);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.20", "10.0.0.1", "2001:db8::8a2e:370:7334", "fe80::1", "::ffff:192.0.2.128"})
    void findsIpAddresses(String value) {
        found(value, "[IP]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "upgrade to v1.2.3.4 today",
                "256.1.1.1 is not an address",
                "1.2.3.4.5 is a version",
                "at 12:30:45 we use std::vector and dead::beef",
                "python 3.12.1"
            })
    void leavesIpLookAlikes(String text) {
        ignored(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z",
                "sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0Ed-AAAA",
                "AKIAIOSFODNN7EXAMPLE",
                "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
                "xoxb-123456789012-abcdefghijKL",
                "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
                "q8Zr3LmX0vKp7TnB2wYc9HsE4dJf6GaU",
                "Bearer abcdefghijklmnopqrstuvwxyz012345"
            })
    void findsSecrets(String value) {
        found(value, "[SECRET]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "commit da39a3ee5e6b4b0d3255bfef95601890afd80709",
                "uuid 123e4567-e89b-12d3-a456-426614174000",
                "pip install scikit-learn (import sk-learn-style names)",
                "class AbstractSingletonProxyFactoryBean extends Object",
                "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            })
    void leavesSecretLookAlikes(String text) {
        ignored(text);
    }

    @org.junit.jupiter.api.Test
    void findsPemPrivateKeysWhole() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1b2c3\nd4e5f6==\n-----END RSA PRIVATE KEY-----";
        assertThat(PII.scrub("key:\n" + pem + "\nend")).isEqualTo("key:\n[SECRET]\nend");
    }

    @org.junit.jupiter.api.Test
    void theLongerOrMoreSpecificMatchWinsAnOverlap() {
        // The IBAN's digits hold phone- and card-shaped runs; the card's digits a phone-shaped one.
        assertThat(PII.scrub("pay DE89 3704 0044 0532 0130 00 or 4111 1111 1111 1111"))
                .isEqualTo("pay [IBAN] or [CARD]");
        // A vendor key is also a random-looking token: the key prefix is the more specific reason.
        assertThat(PII.scrub("AKIAIOSFODNN7EXAMPLE")).isEqualTo("[SECRET]");
    }
}
