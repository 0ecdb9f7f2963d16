package dev.gatehouse.guardrail.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.RedisKeys;
import dev.gatehouse.testing.TestGateway;
import dev.gatehouse.testing.TestServices;
import dev.gatehouse.tracing.OtlpReceiver;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What an input guardrail redacted stays redacted everywhere the gateway writes it down: with the
 * audit log keeping content, the access log, tracing and a response cache in Redis all on, the
 * original text reaches only the guardrail service (which must see it to judge it) and, restored,
 * the client it came from. The markers are code names no built-in scrubber (the audit log masks
 * e-mails, cards, phones and keys by itself) would catch, so only the guardrail can have hidden
 * them.
 */
class RedactedEverywhereEndToEndTest {

    private static final String FIRST = "QUARTZ-LANTERN-4417";
    private static final String SECOND = "OPAL-BEACON-9902";

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final LogstashEncoder encoder = new LogstashEncoder();
    private final String namespace = TestServices.redisNamespace() + "_guard_"
            + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    private FakeUpstream provider;
    private FakeUpstream service;
    private OtlpReceiver receiver;
    private TestGateway gateway;
    private Vertx vertx;
    private Redis redis;

    @BeforeEach
    void start() throws Exception {
        captured.setContext(context);
        captured.start();
        encoder.setContext(context);
        encoder.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(captured);
        provider = new FakeUpstream();
        service = new FakeUpstream();
        receiver = new OtlpReceiver();
        String redisUrl = TestServices.redis();
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, redisUrl);
        gateway = TestGateway.start("""
                state:
                  type: redis
                  redis_url: %1$s
                  namespace: %2$s
                cache:
                  mode: exact
                  ttl: 1h
                usage:
                  audit_file: "%3$s"
                  audit_content: true
                tracing:
                  endpoint: %4$s
                  service_name: gatehouse-test
                  sample_ratio: 1.0
                providers:
                  fake:
                    type: openai
                    base_url: %5$s
                    api_key: sk-upstream-secret-0000000001
                models:
                  - name: gpt-4o-mini
                    provider: fake
                guardrails:
                  - name: codenames
                    type: webhook
                    url: %6$s/input
                guardrail_policies:
                  global:
                    input: [codenames]
                """.formatted(
                        redisUrl,
                        namespace,
                        dir.resolve("audit.log"),
                        receiver.endpoint(),
                        provider.baseUrl(),
                        service.baseUrl()));
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        provider.close();
        service.close();
        receiver.close();
        List<String> keys = RedisKeys.scan(redis, namespace + ":*");
        if (!keys.isEmpty()) {
            Request del = Request.cmd(Command.DEL);
            keys.forEach(del::arg);
            redis.send(del).await(10, TimeUnit.SECONDS);
        }
        vertx.close().await(10, TimeUnit.SECONDS);
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(captured);
    }

    /** The guardrail service replaces the code name with a placeholder the answer gets back. */
    private void serviceRedacts(String codename) {
        service.onPath(
                "/v1/input",
                FakeUpstream.json(
                        200,
                        "{\"action\":\"redact\",\"texts\":[\"Ship project [CODENAME] today\"],"
                                + "\"restore\":{\"[CODENAME]\":\"" + codename + "\"},\"findings\":[\"codename\"]}"));
    }

    private HttpResponse<String> ask(String codename) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Ship project " + codename + " today\"}]}"))
                .build());
    }

    private static String answer(String content) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1741569952,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + Json.MAPPER.valueToTree(content) + "},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":9,\"total_tokens\":21}}";
    }

    @Test
    void aRedactedCodeNameIsInNoProviderBodyAuditEntryLogLineSpanOrCacheEntry() throws Exception {
        provider.always(FakeUpstream.json(200, answer("Noted: [CODENAME] ships today.")));

        serviceRedacts(FIRST);
        HttpResponse<String> first = ask(FIRST);
        serviceRedacts(SECOND);
        HttpResponse<String> second = ask(SECOND);

        // Each client gets its own code name back, restored into the one answer.
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-gatehouse-cache")).contains("miss");
        assertThat(Json.MAPPER
                        .readTree(first.body())
                        .at("/choices/0/message/content")
                        .asText())
                .isEqualTo("Noted: " + FIRST + " ships today.");
        // A different code name redacts to the same text: the cache key was made from the redacted text.
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-gatehouse-cache")).contains("hit");
        assertThat(Json.MAPPER
                        .readTree(second.body())
                        .at("/choices/0/message/content")
                        .asText())
                .isEqualTo("Noted: " + SECOND + " ships today.");

        // The guardrail service saw the originals: it has to, to judge them.
        assertThat(service.received("/v1/input")).hasSize(2);
        assertThat(service.received("/v1/input").get(0).body().toString()).contains(FIRST);

        // The provider was asked once, with the placeholder.
        List<FakeUpstream.Received> calls = provider.received().stream()
                .filter(r -> r.path().endsWith("/chat/completions"))
                .toList();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).body().toString()).contains("[CODENAME]").doesNotContain(FIRST, SECOND);

        // The audit log keeps content, and it is the redacted content.
        Path audit = dir.resolve("audit.log");
        String requestId = first.headers().firstValue("x-request-id").orElseThrow();
        await("the first request's audit entry")
                .atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(audit) && Files.readString(audit).contains(requestId));
        String auditText = Files.readString(audit);
        assertThat(auditText).contains("[CODENAME]").doesNotContain(FIRST, SECOND);

        // Both requests' spans were exported (server span of each), and none carries a code name.
        await("both requests' server spans")
                .atMost(Duration.ofSeconds(15))
                .until(() -> receiver.spans().stream()
                                .filter(s -> s.span().getKind()
                                        == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER)
                                .count()
                        >= 2);
        assertThat(receiver.spans().toString()).doesNotContain(FIRST, SECOND);

        // Access log lines of both requests were written; no log line of any logger names a code name.
        await("both access-log lines")
                .atMost(Duration.ofSeconds(10))
                .until(() -> captured.list.stream()
                                .filter(e -> e.getLoggerName().equals("gatehouse.access"))
                                .count()
                        >= 2);
        List<String> lines =
                captured.list.stream().map(e -> new String(encoder.encode(e))).toList();
        assertThat(String.join("\n", lines)).doesNotContain(FIRST, SECOND);

        // The cache's stored entry holds the placeholder, not the first client's code name.
        List<String> stored = cacheEntries();
        assertThat(stored).isNotEmpty();
        assertThat(String.join("\n", stored)).contains("[CODENAME]").doesNotContain(FIRST, SECOND);
    }

    /** The values of every cache key of this gateway's namespace in Redis (entries and the index log). */
    private List<String> cacheEntries() throws Exception {
        List<String> values = new ArrayList<>();
        for (String key : RedisKeys.scan(redis, namespace + ":{gh}:cache:*")) {
            String type = redis.send(Request.cmd(Command.TYPE).arg(key))
                    .await(10, TimeUnit.SECONDS)
                    .toString();
            Response value = switch (type) {
                case "string" -> redis.send(Request.cmd(Command.GET).arg(key)).await(10, TimeUnit.SECONDS);
                case "stream" ->
                    redis.send(Request.cmd(Command.XRANGE).arg(key).arg("-").arg("+"))
                            .await(10, TimeUnit.SECONDS);
                default -> throw new AssertionError("unexpected cache key type " + type + " of " + key);
            };
            values.add(String.valueOf(value));
        }
        return values;
    }
}
