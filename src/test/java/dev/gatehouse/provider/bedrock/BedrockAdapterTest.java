package dev.gatehouse.provider.bedrock;

import static dev.gatehouse.provider.bedrock.BedrockTestRequests.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.provider.EmbeddingsAdapter;
import dev.gatehouse.provider.UpstreamRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BedrockAdapterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T10:30:00Z"), ZoneOffset.UTC);
    private final BedrockAdapter adapter = new BedrockAdapter(CLOCK);

    @Test
    void postsToTheConversePathOfTheEscapedModelId() {
        UpstreamRequest upstream = adapter.toUpstream(
                chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), BedrockTestRequests.route());

        assertThat(upstream.method()).isEqualTo(HttpMethod.POST);
        assertThat(upstream.url())
                .isEqualTo(
                        "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
        assertThat(upstream.headers())
                .containsEntry("content-type", "application/json")
                .containsEntry("accept", "application/json");
        assertThat(Json.parse(upstream.body())
                        .path("messages")
                        .get(0)
                        .path("content")
                        .get(0)
                        .path("text")
                        .asText())
                .isEqualTo("Hi");
    }

    @Test
    void streamsFromConverseStreamAndExpectsAnEventStream() {
        UpstreamRequest upstream = adapter.toUpstream(
                chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}"),
                BedrockTestRequests.route());

        assertThat(upstream.url()).endsWith("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream");
        assertThat(upstream.headers()).containsEntry("accept", "application/vnd.amazon.eventstream");
        assertThat(adapter.streamContentType()).isEqualTo("application/vnd.amazon.eventstream");
    }

    @Test
    void signsTheRequestDatedByTheInjectedClock() {
        CanonicalRequest request = chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        UpstreamRequest first = adapter.toUpstream(request, BedrockTestRequests.route());
        UpstreamRequest again = adapter.toUpstream(request, BedrockTestRequests.route());

        assertThat(first.headers().get("x-amz-date")).isEqualTo("20260115T103000Z");
        assertThat(first.headers().get("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260115/us-east-1/bedrock/aws4_request,"
                        + " SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date, Signature=");
        assertThat(again.headers()).as("pure: a retry signs identically").isEqualTo(first.headers());
        assertThat(first.headers()).doesNotContainKey("host").doesNotContainKey("x-amz-security-token");
        assertThat(first.toString()).doesNotContain("Signature");
    }

    @Test
    void cannotEmbedBecauseConverseHasNoEmbeddings() {
        assertThat(adapter).isNotInstanceOf(EmbeddingsAdapter.class);
    }

    @Test
    void classifiesErrorsByTheErrorTypeHeader() {
        BedrockFixtures.HttpError throttled = BedrockFixtures.httpError("error-throttling.json");
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(throttled.headers());

        GatewayError error = adapter.toError(
                BedrockTestRequests.route(), throttled.status(), headers, Buffer.buffer(throttled.body()));

        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    }
}
