package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import dev.gatehouse.testing.TestServices;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A key's {@code allowed_options} through the admin API and into requests, on the SQLite and the
 * PostgreSQL store: set, shown, enforced (403 naming the option), changed, and reset to the default.
 */
class AllowedOptionsAdminEndToEndTest {

    @TempDir
    Path dir;

    private final FakeUpstream upstream = new FakeUpstream();
    private @Nullable TestGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        upstream.close();
    }

    private TestGateway start(String store) {
        String storeSection = store.equals("postgres")
                ? "store:\n  type: postgres\n  url: \"" + TestServices.postgresSchema() + "\"\nusage:\n  spool_dir: \""
                        + dir.resolve("spool") + "\"\n"
                : "";
        gateway = TestGateway.start(storeSection + """
                providers:
                  pa:
                    type: openai
                    base_url: %s
                models:
                  - name: gpt-4o-mini
                    provider: pa
                """.formatted(upstream.baseUrl()));
        return gateway;
    }

    private static HttpResponse<String> chat(TestGateway g, String key, String options) throws Exception {
        return g.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/chat/completions"))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .header("x-gateway-options", options)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build());
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void allowedOptionsRoundTripAndAreEnforced(String store) throws Exception {
        TestGateway g = start(store);
        upstream.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        AdminClient admin = new AdminClient(g.port(), TestGateway.MASTER_KEY);

        JsonNode created = admin.createKey("{\"allowed_options\":[\"tags\",\"deployment\"]}");
        String id = created.get("id").asText();
        String secret = created.get("key").asText();
        assertThat(names(created.get("allowed_options"))).containsExactly("deployment", "tags");
        assertThat(created.get("allowed_options_default").asBoolean()).isFalse();

        assertThat(chat(g, secret, "{\"deployment\":\"pa/gpt-4o-mini\",\"tags\":[\"t\"]}")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> refused = chat(g, secret, "{\"timeout\":5}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"param\":\"x-gateway-options.timeout\"", "option_not_allowed");

        AdminClient.Answer patched = admin.call("PATCH", "/admin/v1/keys/" + id, "{\"allowed_options\":[\"timeout\"]}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(names(admin.call("GET", "/admin/v1/keys/" + id, null).body().get("allowed_options")))
                .containsExactly("timeout");
        assertThat(chat(g, secret, "{\"timeout\":5}").statusCode()).isEqualTo(200);
        assertThat(chat(g, secret, "{\"deployment\":\"pa/gpt-4o-mini\"}").statusCode())
                .isEqualTo(403);

        // A PATCH that leaves the field out keeps it; null goes back to the default.
        admin.call("PATCH", "/admin/v1/keys/" + id, "{\"key_alias\":\"renamed\"}");
        assertThat(names(admin.call("GET", "/admin/v1/keys/" + id, null).body().get("allowed_options")))
                .containsExactly("timeout");
        JsonNode reset = admin.call("PATCH", "/admin/v1/keys/" + id, "{\"allowed_options\":null}")
                .body();
        assertThat(reset.get("allowed_options_default").asBoolean()).isTrue();
        assertThat(names(reset.get("allowed_options")))
                .contains("tags", "cache", "timeout", "strategy", "fallbacks", "metadata")
                .doesNotContain("provider", "deployment");
        assertThat(chat(g, secret, "{\"provider\":\"pa\"}").statusCode()).isEqualTo(403);
        assertThat(chat(g, secret, "{\"cache\":{\"read\":false},\"retries\":0}").statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void anUnknownOptionNameIsA400NamingTheField(String store) throws Exception {
        TestGateway g = start(store);
        AdminClient admin = new AdminClient(g.port(), TestGateway.MASTER_KEY);

        AdminClient.Answer answer = admin.call("POST", "/admin/v1/keys", "{\"allowed_options\":[\"tags\",\"turbo\"]}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("error").path("param").asText()).isEqualTo("allowed_options");
        assertThat(answer.body().path("error").path("message").asText()).contains("turbo");
    }
}
