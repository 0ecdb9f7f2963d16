package dev.gatehouse.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.FakeUpstream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Checks a request as the upstream received it the way AWS does: recomputes the SigV4 signature
 * from the received method, host (with port), raw path, signed header values and body, at the time
 * of its {@code x-amz-date}, and compares it with the {@code authorization} header. A signature the
 * adapter computed over anything other than what went over the wire fails here.
 */
public final class SigV4Check {

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** Headers the signer itself derives from the clock, the body and the credentials. */
    private static final Set<String> DERIVED =
            Set.of("host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token");

    private SigV4Check() {}

    public static void assertSigned(
            FakeUpstream.Received received,
            String accessKey,
            String secret,
            String sessionToken,
            String region,
            String service) {
        String authorization = received.headers().get("authorization");
        assertThat(authorization)
                .as("authorization header")
                .startsWith("AWS4-HMAC-SHA256 Credential=" + accessKey + "/");
        String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + received.headers().get("host") + received.uri()));
        for (String name : signedHeaders.split(";")) {
            if (!DERIVED.contains(name)) {
                request.putHeader(name, received.headers().get(name));
            }
        }
        Instant at = AMZ_DATE.parse(received.headers().get("x-amz-date"), Instant::from);
        AwsCredentialsIdentity identity = sessionToken == null
                ? AwsCredentialsIdentity.create(accessKey, secret)
                : AwsSessionCredentialsIdentity.create(accessKey, secret, sessionToken);
        String expected = AwsV4HttpSigner.create()
                .sign(r -> r.identity(identity)
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(
                                received.rawBody().getBytes()))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request()
                .firstMatchingHeader("Authorization")
                .orElseThrow();
        assertThat(authorization)
                .as("the signature AWS would compute over the received request")
                .isEqualTo(expected);
    }
}
