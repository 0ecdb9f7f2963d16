package dev.gatehouse.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.AwsCredentials;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsRequestSignerTest {

    private static final Clock MAY_24_2013 = Clock.fixed(Instant.parse("2013-05-24T00:00:00Z"), ZoneOffset.UTC);
    private static final AwsCredentials DOC_CREDENTIALS =
            new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null);

    /**
     * The worked example of the Amazon S3 API reference, "Signature Calculations for the
     * Authorization Header: Transferring Payload in a Single Chunk", example "GET Object": its
     * documented signature is reproduced exactly.
     */
    @Test
    void reproducesTheDocumentedSignatureOfAwsWorkedExample() {
        AwsRequestSigner signer = new AwsRequestSigner("s3", MAY_24_2013);

        Map<String, String> added = signer.sign(
                "GET",
                URI.create("https://examplebucket.s3.amazonaws.com/test.txt"),
                Map.of("Range", "bytes=0-9"),
                new byte[0],
                "us-east-1",
                DOC_CREDENTIALS);

        assertThat(added.get("authorization"))
                .isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + " SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                        + " Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        assertThat(added.get("x-amz-date")).isEqualTo("20130524T000000Z");
        assertThat(added.get("x-amz-content-sha256"))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(added).doesNotContainKeys("host", "range");
    }

    @Test
    void signsEveryGivenHeaderTheBodyHashAndTheSessionToken() {
        AwsRequestSigner signer = new AwsRequestSigner("bedrock", MAY_24_2013);
        AwsCredentials session = new AwsCredentials("ASIAEXAMPLE", "secret", "session-token-1");
        byte[] body = "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8);

        Map<String, String> added = signer.sign(
                "POST",
                URI.create("http://127.0.0.1:8123/model/a.b-v1%3A0/converse"),
                Map.of("content-type", "application/json", "accept", "application/json"),
                body,
                "eu-west-1",
                session);

        assertThat(added)
                .containsOnlyKeys("authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token");
        assertThat(added.get("x-amz-security-token")).isEqualTo("session-token-1");
        assertThat(added.get("authorization"))
                .startsWith(
                        "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20130524/eu-west-1/bedrock/aws4_request,"
                                + " SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=");
        // SHA-256 of the body, hex-encoded.
        assertThat(added.get("x-amz-content-sha256"))
                .hasSize(64)
                .isNotEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void isDeterministicForAFixedClockAndChangesWithTimeHostAndBody() {
        URI url = URI.create("http://127.0.0.1:8123/model/m/converse");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("content-type", "application/json");
        AwsRequestSigner fixed = new AwsRequestSigner("bedrock", MAY_24_2013);
        AwsRequestSigner later =
                new AwsRequestSigner("bedrock", Clock.offset(MAY_24_2013, java.time.Duration.ofSeconds(1)));

        String first = fixed.sign("POST", url, headers, body, "us-east-1", DOC_CREDENTIALS)
                .get("authorization");

        assertThat(fixed.sign("POST", url, headers, body, "us-east-1", DOC_CREDENTIALS)
                        .get("authorization"))
                .isEqualTo(first);
        assertThat(later.sign("POST", url, headers, body, "us-east-1", DOC_CREDENTIALS)
                        .get("authorization"))
                .isNotEqualTo(first);
        assertThat(fixed.sign(
                                "POST",
                                URI.create("http://127.0.0.1:8124/model/m/converse"),
                                headers,
                                body,
                                "us-east-1",
                                DOC_CREDENTIALS)
                        .get("authorization"))
                .as("the port is part of the signed host")
                .isNotEqualTo(first);
        assertThat(fixed.sign(
                                "POST",
                                url,
                                headers,
                                "{ }".getBytes(StandardCharsets.UTF_8),
                                "us-east-1",
                                DOC_CREDENTIALS)
                        .get("authorization"))
                .isNotEqualTo(first);
    }
}
