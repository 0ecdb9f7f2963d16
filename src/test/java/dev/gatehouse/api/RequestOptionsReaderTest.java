package dev.gatehouse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.RoutingStrategy;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.IncomingRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reader of {@code x-gateway-options}: the JSON and the older headers make the same record, and
 * the cache choices (which no stage acts on yet) are parsed and validated for the cache to read.
 */
class RequestOptionsReaderTest {

    private static final GatewayConfig CONFIG = config();

    private static GatewayConfig config() {
        try {
            return new ConfigLoader(Map.of())
                    .parse("providers:\n  pa:\n    type: mock\nmodels:\n  - name: m\n    provider: pa\n", "test.yaml");
        } catch (dev.gatehouse.config.ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestOptions read(Map<String, String> headers) {
        MultiMap map = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(map::add);
        return RequestOptionsReader.read(
                new IncomingRequest("POST", "/v1/chat/completions", map, Buffer.buffer()), CONFIG);
    }

    @Test
    void readsEveryOption() {
        RequestOptions o = read(Map.of("x-gateway-options", """
                {"provider":"pa","deployment":"pa/m","strategy":"least_busy","fallbacks":["x","y"],
                 "timeout":"2m","first_byte_timeout":2.5,"retries":1,
                 "cache":{"read":false,"write":true,"ttl":600,"namespace":"team-a"},
                 "tags":[" t1 ","t2"],"metadata":{"k":"v"},
                 "prompt":{"id":"greet","version":"2","variables":{"name":"Ana"}},"priority":"low"}"""));

        assertThat(o.provider()).isEqualTo("pa");
        assertThat(o.deployment()).isEqualTo("pa/m");
        assertThat(o.strategy()).isEqualTo(RoutingStrategy.LEAST_BUSY);
        assertThat(o.fallbacks()).containsExactly("x", "y");
        assertThat(o.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.firstByteTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(o.retries()).isEqualTo(1);
        assertThat(o.cache()).isEqualTo(new CacheOptions(false, true, Duration.ofMinutes(10), "team-a"));
        assertThat(o.tags()).containsExactly("t1", "t2");
        assertThat(o.metadata()).containsExactlyEntriesOf(Map.of("k", "v"));
        assertThat(o.prompt()).isNotNull();
        assertThat(o.prompt().id()).isEqualTo("greet");
        assertThat(o.prompt().version()).isEqualTo(2);
        assertThat(o.prompt().param()).isEqualTo("x-gateway-options.prompt");
        assertThat(o.priority()).isEqualTo(dev.gatehouse.config.Priority.LOW);
        assertThat(o.used()).containsOnlyKeys(RequestOption.values());
    }

    @Test
    void theCacheHeadersMakeTheSameChoicesAsTheJson() {
        RequestOptions fromHeaders = read(Map.of(
                "cache-control", "no-cache, no-store",
                "x-gatehouse-cache-ttl", "30s",
                "x-gatehouse-cache-namespace", "ns1"));
        RequestOptions fromJson = read(Map.of(
                "x-gateway-options", "{\"cache\":{\"read\":false,\"write\":false,\"ttl\":30,\"namespace\":\"ns1\"}}"));
        RequestOptions both =
                read(Map.of("x-gateway-options", "{\"cache\":{\"ttl\":\"30s\"}}", "x-gatehouse-cache-ttl", "30s"));

        assertThat(fromHeaders.cache()).isEqualTo(fromJson.cache());
        assertThat(both.cache().ttl()).isEqualTo(Duration.ofSeconds(30));
        // The ttl and namespace headers are the cache option; Cache-Control alone (which only turns
        // caching off, and some clients send by themselves) is no option a key must be granted.
        assertThat(fromHeaders.used()).containsEntry(RequestOption.CACHE, "x-gatehouse-cache-ttl");
        assertThat(read(Map.of("cache-control", "no-cache")).used()).isEmpty();
        assertThat(read(Map.of("cache-control", "max-age=0")).cache().isEmpty()).isTrue();
    }

    @Test
    void aHeaderThatDisagreesWithTheJsonIsRefused() {
        assertThatThrownBy(() ->
                        read(Map.of("x-gateway-options", "{\"cache\":{\"read\":true}}", "cache-control", "no-cache")))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("x-gateway-options.cache.read"));
        assertThatThrownBy(() -> read(Map.of("x-gatehouse-cache-ttl", "forever")))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("x-gatehouse-cache-ttl"));
    }

    @Test
    void twoOptionsHeadersAreRefused() {
        MultiMap map = MultiMap.caseInsensitiveMultiMap()
                .add("x-gateway-options", "{\"retries\":0}")
                .add("x-gateway-options", "{\"provider\":\"pa\"}");

        assertThatThrownBy(() -> RequestOptionsReader.read(
                        new IncomingRequest("POST", "/v1/chat/completions", map, Buffer.buffer()), CONFIG))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("x-gateway-options"));
    }

    @Test
    void theTagsHeaderIsTheTagsOption() {
        RequestOptions o = read(Map.of("x-gatehouse-tags", "a, b,,"));

        assertThat(o.tags()).isEqualTo(List.of("a", "b"));
        assertThat(o.used()).containsEntry(RequestOption.TAGS, "x-gatehouse-tags");
        assertThat(read(Map.of()).used()).isEmpty();
    }
}
