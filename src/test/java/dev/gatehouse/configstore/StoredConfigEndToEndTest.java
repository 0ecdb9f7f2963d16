package dev.gatehouse.configstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.TestGateway;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Providers and models created, changed and deleted through the admin API on a real gateway (SQLite
 * store), with the official OpenAI SDK as the client: a stored model answers at once, a changed
 * deployment moves the next request, a deleted model is a 404, the file wins a shared name and the
 * answer says so, and a stored credential is neither in the database in clear nor in any answer.
 */
class StoredConfigEndToEndTest {

    static final String SECRETS_KEY = Base64.getEncoder().encodeToString(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32
    });
    private static final String STORED_SECRET = "sk-stored-credential-0000wxyz";

    private final FakeUpstream first = new FakeUpstream();
    private final FakeUpstream second = new FakeUpstream();
    private final FakeUpstream fromFile = new FakeUpstream();
    private TestGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        first.close();
        second.close();
        fromFile.close();
    }

    private TestGateway start(boolean withKey) {
        gateway = TestGateway.start(
                """
                providers:
                  file-provider:
                    type: openai
                    base_url: %s
                models:
                  - name: shared
                    provider: file-provider
                    model: file-model
                %s""".formatted(fromFile.baseUrl(), withKey ? "stored_config:\n  secrets_key: " + SECRETS_KEY : ""));
        return gateway;
    }

    private String ask(String model) {
        return gateway.client()
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(model)
                        .addUserMessage("hi")
                        .build())
                .id();
    }

    private static String header(FakeUpstream.Received received, String name) {
        return received.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("");
    }

    @Test
    void aStoredProviderAndModelServeChangeAndGoAway() throws Exception {
        start(true);
        AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
        AdminClient.Answer provider = admin.call(
                "PUT",
                "/admin/v1/providers/stored-one",
                "{\"type\":\"openai\",\"base_url\":\"%s\",\"api_key\":\"%s\"}"
                        .formatted(first.baseUrl(), STORED_SECRET));
        assertThat(provider.status()).as(provider.raw().body()).isEqualTo(201);
        assertThat(provider.body().at("/definition/api_key").asText()).isEqualTo("****wxyz");
        assertThat(provider.raw().body()).doesNotContain(STORED_SECRET);
        AdminClient.Answer model = admin.call(
                "PUT", "/admin/v1/models/stored-model", "{\"provider\":\"stored-one\",\"model\":\"upstream-a\"}");
        assertThat(model.status()).as(model.raw().body()).isEqualTo(201);

        ask("stored-model");
        assertThat(first.lastReceived().body().get("model").asText()).isEqualTo("upstream-a");
        assertThat(header(first.lastReceived(), "authorization")).isEqualTo("Bearer " + STORED_SECRET);

        assertThat(admin.call(
                                "PUT",
                                "/admin/v1/providers/stored-two",
                                "{\"type\":\"openai\",\"base_url\":\"%s\"}".formatted(second.baseUrl()))
                        .status())
                .isEqualTo(201);
        AdminClient.Answer changed = admin.call(
                "PUT", "/admin/v1/models/stored-model", "{\"provider\":\"stored-two\",\"model\":\"upstream-b\"}");
        assertThat(changed.status()).isEqualTo(200);
        int firstSaw = first.received().size();
        ask("stored-model");
        assertThat(second.lastReceived().body().get("model").asText()).isEqualTo("upstream-b");
        assertThat(first.received()).hasSize(firstSaw);

        assertThat(admin.call("DELETE", "/admin/v1/models/stored-model", null).status())
                .isEqualTo(200);
        assertThatThrownBy(() -> ask("stored-model")).isInstanceOf(NotFoundException.class);
        assertThat(admin.call("GET", "/admin/v1/models/stored-model", null).status())
                .isEqualTo(404);
    }

    @Test
    void theFileWinsASharedNameAndTheAnswerSaysSo() throws Exception {
        start(true);
        AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
        admin.call(
                "PUT",
                "/admin/v1/providers/stored-one",
                "{\"type\":\"openai\",\"base_url\":\"%s\"}".formatted(first.baseUrl()));
        AdminClient.Answer shadowed =
                admin.call("PUT", "/admin/v1/models/shared", "{\"provider\":\"stored-one\",\"model\":\"x\"}");

        assertThat(shadowed.status()).isEqualTo(201);
        assertThat(shadowed.body().get("overridden_by_file").asBoolean()).isTrue();
        assertThat(shadowed.body().get("warning").asText()).contains("config file defines model 'shared'");
        ask("shared");
        assertThat(fromFile.lastReceived().body().get("model").asText()).isEqualTo("file-model");
        assertThat(first.received()).isEmpty();
        JsonNode list = admin.call("GET", "/admin/v1/models", null).body();
        assertThat(list.get("data")).anySatisfy(m -> {
            assertThat(m.get("name").asText()).isEqualTo("shared");
            assertThat(m.get("overridden_by_file").asBoolean()).isTrue();
        });
    }

    @Test
    void aStoredCredentialIsSealedInTheDatabaseAndMaskedInEveryAnswer() throws Exception {
        start(true);
        AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
        admin.call(
                "PUT",
                "/admin/v1/providers/sealed",
                "{\"type\":\"openai\",\"base_url\":\"%s\",\"api_key\":\"%s\",\"headers\":{\"x-extra\":\"%s\"}}"
                        .formatted(first.baseUrl(), STORED_SECRET, STORED_SECRET));

        try (Connection c = gateway.server().database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT definition, sealed_secrets FROM gh_config_entries WHERE name = 'sealed'");
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).doesNotContain(STORED_SECRET).doesNotContain("api_key");
            assertThat(rs.getString(2)).startsWith("v1:").doesNotContain(STORED_SECRET);
        }
        for (String path : new String[] {"/admin/v1/providers", "/admin/v1/providers/sealed"}) {
            AdminClient.Answer answer = admin.call("GET", path, null);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.raw().body()).doesNotContain(STORED_SECRET).contains("****wxyz");
        }
    }

    @Test
    void aBadStoredModelIsA400NamingItsFieldAndChangesNothing() throws Exception {
        start(true);
        AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
        AdminClient.Answer bad = admin.call("PUT", "/admin/v1/models/broken", "{\"provider\":\"nowhere\"}");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().at("/error/param").asText()).isEqualTo("provider");
        assertThat(bad.body().at("/error/message").asText()).contains("models.broken.provider");
        assertThat(admin.call("GET", "/admin/v1/models/broken", null).status()).isEqualTo(404);
        AdminClient.Answer badProvider =
                admin.call("PUT", "/admin/v1/providers/p", "{\"type\":\"openai\",\"base_url\":\"ftp://x\"}");
        assertThat(badProvider.status()).isEqualTo(400);
        assertThat(badProvider.body().at("/error/param").asText()).isEqualTo("base_url");
        ask("shared");
    }

    @Test
    void aProviderUsedByAStoredModelCannotBeDeleted() throws Exception {
        start(true);
        AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
        admin.call(
                "PUT", "/admin/v1/providers/p", "{\"type\":\"openai\",\"base_url\":\"%s\"}".formatted(first.baseUrl()));
        admin.call("PUT", "/admin/v1/models/m", "{\"provider\":\"p\"}");

        AdminClient.Answer refused = admin.call("DELETE", "/admin/v1/providers/p", null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().at("/error/param").asText()).isEqualTo("models.m.provider");
        ask("m");
    }

    @Test
    void withoutASecretsKeyACredentialIsRefused() throws Exception {
        start(false);
        AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);

        AdminClient.Answer refused = admin.call(
                "PUT",
                "/admin/v1/providers/p",
                "{\"type\":\"openai\",\"base_url\":\"%s\",\"api_key\":\"%s\"}"
                        .formatted(first.baseUrl(), STORED_SECRET));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().at("/error/code").asText()).isEqualTo("secrets_key_not_set");
        assertThat(refused.body().at("/error/message").asText()).contains("GATEHOUSE_SECRETS_KEY");
        assertThat(admin.call(
                                "PUT",
                                "/admin/v1/providers/p",
                                "{\"type\":\"openai\",\"base_url\":\"%s\"}".formatted(first.baseUrl()))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void theAdminApiNeedsAnAdminKey() throws Exception {
        start(true);
        AdminClient anonymous = new AdminClient(gateway.port(), null);
        assertThat(anonymous.call("GET", "/admin/v1/providers", null).status()).isEqualTo(401);
        assertThat(anonymous
                        .call("PUT", "/admin/v1/models/x", "{\"provider\":\"file-provider\"}")
                        .status())
                .isEqualTo(401);
    }
}
