package dev.gatehouse.provider.bedrock;

import dev.gatehouse.config.AwsCredentials;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Signs requests with AWS Signature Version 4 using the AWS SDK's own signer ({@code http-auth-aws}),
 * never a hand-written one. Time comes from the injected clock, so a fixed clock gives a
 * deterministic signature.
 *
 * <p>The signature covers the method, the encoded path exactly as it will be sent, the query, the
 * body's SHA-256 and every header passed in plus {@code host}. The {@code host} value is derived from
 * the URL (with the port when it is not the scheme's default), which is exactly what Vert.x sends,
 * so it is not returned: setting it a second time would risk a duplicate header.
 *
 * <p>Stateless and thread-safe; never blocks (hashing and HMACs only).
 */
final class AwsRequestSigner {

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final String service;
    private final Clock clock;

    /**
     * @param service the signing name, e.g. {@code bedrock} (the service model's {@code signingName})
     */
    AwsRequestSigner(String service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    /**
     * The headers to add to the request so that it is signed: {@code authorization},
     * {@code x-amz-date}, {@code x-amz-content-sha256} and, for session credentials,
     * {@code x-amz-security-token}. Names are lower case.
     *
     * @param headers every header the request will carry besides {@code host} and
     *     {@code content-length}; all of them are signed, so they must go out unchanged
     */
    Map<String, String> sign(
            String method,
            URI url,
            Map<String, String> headers,
            byte[] body,
            String region,
            AwsCredentials credentials) {
        SdkHttpRequest.Builder unsigned =
                SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(url);
        headers.forEach(unsigned::putHeader);
        SignedRequest signed = SIGNER.sign(r -> r.identity(identity(credentials))
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> added = new TreeMap<>();
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("host")
                    && !containsIgnoreCase(headers, name)
                    && !header.getValue().isEmpty()) {
                added.put(name, header.getValue().get(0));
            }
        }
        return added;
    }

    private static AwsCredentialsIdentity identity(AwsCredentials credentials) {
        String token = credentials.sessionToken();
        return token == null || token.isEmpty()
                ? AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey())
                : AwsSessionCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey(), token);
    }

    private static boolean containsIgnoreCase(Map<String, String> headers, String name) {
        for (String key : headers.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
