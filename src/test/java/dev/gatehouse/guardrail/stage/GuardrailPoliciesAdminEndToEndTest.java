package dev.gatehouse.guardrail.stage;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.server.GatewayServer;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Guardrail policies stored with keys and teams through the admin API, through the real server:
 * they take effect on the next request, a key's wins over its team's, {@code []} turns a direction
 * off, unknown names are refused, and a reload that drops a guardrail a stored policy names is
 * served with that name skipped. {@code GET /admin/v1/guardrails} shows the config's side.
 */
class GuardrailPoliciesAdminEndToEndTest {

    private static final String MARKER = "QUARTZ-LANTERN-4417";
    private static final String HOOK_SECRET = "hook-secret-value-31337";

    @TempDir
    Path dir;

    private FakeUpstream provider;
    private FakeUpstream service;
    private TestGateway gateway;
    private AdminClient admin;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        provider = new FakeUpstream();
        provider.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        service = new FakeUpstream();
        service.onPath(
                "/v1/input", FakeUpstream.json(200, "{\"action\":\"redact\",\"texts\":[\"Ship project [CODENAME]\"]}"));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        provider.close();
        service.close();
    }

    private String config(boolean withStrict) {
        return """
                providers:
                  fake:
                    type: openai
                    base_url: %1$s
                    api_key: sk-upstream-secret-0000000001
                models:
                  - name: gpt-4o-mini
                    provider: fake
                guardrails:
                  - name: scrub
                    type: webhook
                    url: %2$s/input
                    headers:
                      authorization: Bearer %3$s
                """.formatted(provider.baseUrl(), service.baseUrl(), HOOK_SECRET)
                + (withStrict ? """
                  - name: strict
                    type: webhook
                    url: %s/input
                    on_error: block
                    timeout: 750ms
                """.formatted(service.baseUrl()) : "")
                + """
                guardrail_policies:
                  global:
                    input: [scrub]
                  models:
                    gpt-4o-mini:
                      output: []
                  keys:
                    config-key:
                      input: [scrub]
                """;
    }

    private void startGateway() {
        gateway = TestGateway.start(config(true));
        admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
    }

    private HttpResponse<String> ask(int port, String key) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                        .timeout(Duration.ofSeconds(20))
                        .header("authorization", "Bearer " + key)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":"
                                + "\"user\",\"content\":\"Ship project " + MARKER + "\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What the provider got in the last chat call: whether the marker was redacted. */
    private boolean lastCallRedacted() {
        List<FakeUpstream.Received> calls = provider.received().stream()
                .filter(r -> r.path().endsWith("/chat/completions"))
                .toList();
        String body = calls.get(calls.size() - 1).body().toString();
        assertThat(body).containsAnyOf(MARKER, "[CODENAME]");
        return !body.contains(MARKER);
    }

    @Test
    void aKeyPolicySetThroughTheAdminApiTakesEffectOnTheNextRequest() throws Exception {
        startGateway();
        JsonNode created = admin.createKey("{}");
        assertThat(created.path("guardrails").isNull()).isTrue();
        String id = created.path("id").asText();
        String secret = created.path("key").asText();

        assertThat(ask(gateway.port(), secret).statusCode()).isEqualTo(200);
        assertThat(lastCallRedacted()).as("the global input guardrail").isTrue();
        assertThat(service.received("/v1/input")).hasSize(1);

        AdminClient.Answer off = admin.call("PATCH", "/admin/v1/keys/" + id, "{\"guardrails\":{\"input\":[]}}");
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.body().path("guardrails").toString()).isEqualTo("{\"input\":[],\"output\":null}");
        assertThat(ask(gateway.port(), secret).statusCode()).isEqualTo(200);
        assertThat(lastCallRedacted()).as("input turned off for the key").isFalse();
        assertThat(service.received("/v1/input")).hasSize(1);

        AdminClient.Answer inherit = admin.call("PATCH", "/admin/v1/keys/" + id, "{\"guardrails\":null}");
        assertThat(inherit.body().path("guardrails").isNull()).isTrue();
        assertThat(admin.call("GET", "/admin/v1/keys/" + id, null)
                        .body()
                        .path("guardrails")
                        .isNull())
                .isTrue();
        assertThat(ask(gateway.port(), secret).statusCode()).isEqualTo(200);
        assertThat(lastCallRedacted()).as("back to the global policy").isTrue();
    }

    @Test
    void aTeamPolicyCoversItsKeysUnlessAKeySetsItsOwn() throws Exception {
        startGateway();
        AdminClient.Answer team = admin.call(
                "POST", "/admin/v1/teams", "{\"team_id\":\"quiet\",\"guardrails\":{\"input\":[],\"output\":[]}}");
        assertThat(team.status()).isEqualTo(201);
        assertThat(team.body().path("guardrails").toString()).isEqualTo("{\"input\":[],\"output\":[]}");
        String member = admin.createKey("{\"team_id\":\"quiet\"}").path("key").asText();
        String own = admin.createKey("{\"team_id\":\"quiet\",\"guardrails\":{\"input\":[\"strict\"]}}")
                .path("key")
                .asText();

        assertThat(ask(gateway.port(), member).statusCode()).isEqualTo(200);
        assertThat(lastCallRedacted()).as("the team turned input off").isFalse();
        assertThat(ask(gateway.port(), own).statusCode()).isEqualTo(200);
        assertThat(lastCallRedacted()).as("the key's own policy wins").isTrue();

        AdminClient.Answer patched =
                admin.call("PATCH", "/admin/v1/teams/quiet", "{\"guardrails\":{\"input\":[\"scrub\"]}}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(ask(gateway.port(), member).statusCode()).isEqualTo(200);
        assertThat(lastCallRedacted()).as("the team's new policy").isTrue();
    }

    @Test
    void refusesUnknownGuardrailNamesAndBadShapesNamingTheField() throws Exception {
        startGateway();
        AdminClient.Answer unknown =
                admin.call("POST", "/admin/v1/keys", "{\"guardrails\":{\"input\":[\"scrub\",\"nope\"]}}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().at("/error/param").asText()).isEqualTo("guardrails.input");
        assertThat(unknown.body().at("/error/message").asText()).contains("'nope'", "scrub", "strict");
        assertThat(unknown.body().at("/error/type").asText()).isEqualTo("invalid_request_error");

        AdminClient.Answer team =
                admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"t\",\"guardrails\":{\"output\":[\"nope\"]}}");
        assertThat(team.status()).isEqualTo(400);
        assertThat(team.body().at("/error/param").asText()).isEqualTo("guardrails.output");

        AdminClient.Answer direction = admin.call("POST", "/admin/v1/keys", "{\"guardrails\":{\"both\":[]}}");
        assertThat(direction.status()).isEqualTo(400);
        assertThat(direction.body().at("/error/param").asText()).isEqualTo("guardrails.both");

        AdminClient.Answer shape = admin.call("POST", "/admin/v1/keys", "{\"guardrails\":[\"scrub\"]}");
        assertThat(shape.status()).isEqualTo(400);
        assertThat(shape.body().at("/error/param").asText()).isEqualTo("guardrails");

        String id = admin.createKey("{}").path("id").asText();
        AdminClient.Answer patch =
                admin.call("PATCH", "/admin/v1/keys/" + id, "{\"guardrails\":{\"input\":[\"nope\"]}}");
        assertThat(patch.status()).isEqualTo(400);
        assertThat(admin.call("GET", "/admin/v1/keys/" + id, null)
                        .body()
                        .path("guardrails")
                        .isNull())
                .as("a refused PATCH writes nothing")
                .isTrue();
        assertThat(admin.call("GET", "/admin/v1/teams", null).body().path("data"))
                .isEmpty();
    }

    @Test
    void listsTheConfiguredGuardrailsAndPoliciesWithoutTheirSettings() throws Exception {
        startGateway();
        String userKey = admin.createKey("{}").path("key").asText();

        AdminClient.Answer list = admin.call("GET", "/admin/v1/guardrails", null);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.raw().body()).doesNotContain(HOOK_SECRET, service.baseUrl(), "headers", "url");
        JsonNode data = list.body().path("data");
        assertThat(data).hasSize(2);
        assertThat(data.get(0).toString())
                .isEqualTo("{\"name\":\"scrub\",\"object\":\"guardrail\",\"type\":\"webhook\",\"on_error\":\"allow\","
                        + "\"timeout_ms\":2000}");
        assertThat(data.get(1).path("on_error").asText()).isEqualTo("block");
        assertThat(data.get(1).path("timeout_ms").asLong()).isEqualTo(750);
        JsonNode policies = list.body().path("policies");
        assertThat(policies.path("global").toString()).isEqualTo("{\"input\":[\"scrub\"],\"output\":null}");
        assertThat(policies.at("/models/gpt-4o-mini").toString()).isEqualTo("{\"input\":null,\"output\":[]}");
        assertThat(policies.at("/keys/config-key/input").toString()).isEqualTo("[\"scrub\"]");
        assertThat(policies.path("teams").isEmpty()).isTrue();
        assertThat(policies.path("stream_window_chars").asInt()).isEqualTo(200);

        assertThat(admin.call("GET", "/admin/v1/guardrails", null, userKey).status())
                .isEqualTo(403);
    }

    @Test
    void aReloadThatDropsAGuardrailAStoredPolicyNamesIsServedWithItSkipped() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(StoredPolicyCheck.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        logger.addAppender(warnings);
        Vertx vertx = Vertx.vertx();
        Path file = Files.writeString(dir.resolve("gatehouse.yaml"), config(true));
        var loaded = new ConfigLoader(Map.of(), dir, BuiltInGuardrails.READERS).load(file);
        var config = loaded.withServer(loaded.server().withPort(0).withMasterKey(TestGateway.MASTER_KEY))
                .withStore(new StoreSettings(
                        StoreSettings.Kind.SQLITE, dir.resolve("g.db").toString(), null, null, null, 2))
                .withUsage(loaded.usage().withSpoolDir(dir.resolve("spool")));
        GatewayServer server = GatewayServer.start(
                        vertx, new ManualClock(), config, 1, new GatewayServer.ConfigSource(file, Map.of()))
                .await(20, TimeUnit.SECONDS);
        try {
            AdminClient local = new AdminClient(server.port(), TestGateway.MASTER_KEY);
            JsonNode key = local.createKey("{\"guardrails\":{\"input\":[\"strict\"]}}");
            String secret = key.path("key").asText();
            assertThat(ask(server.port(), secret).statusCode()).isEqualTo(200);
            assertThat(lastCallRedacted()).isTrue();

            Files.writeString(file, config(false));
            AdminClient.Answer reloaded = local.call("POST", "/admin/v1/config/reload", null);

            assertThat(reloaded.status()).isEqualTo(200);
            assertThat(server.state().config().guardrails().definition("strict"))
                    .isNull();
            assertThat(warnings.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(
                            m -> assertThat(m).contains("key '" + key.path("id").asText() + "'", "(strict)"));
            // The key's input direction still names only the dropped guardrail: nothing checks its input.
            assertThat(ask(server.port(), secret).statusCode()).isEqualTo(200);
            assertThat(lastCallRedacted()).isFalse();
            assertThat(local.call("GET", "/admin/v1/keys/" + key.path("id").asText(), null)
                            .body()
                            .path("guardrails")
                            .toString())
                    .isEqualTo("{\"input\":[\"strict\"],\"output\":null}");
        } finally {
            server.stop().await(20, TimeUnit.SECONDS);
            vertx.close().await(20, TimeUnit.SECONDS);
            logger.detachAppender(warnings);
        }
    }
}
