package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The keys, teams and users admin API through the real server; created keys work with the OpenAI SDK at once. */
class KeysAdminEndToEndTest {

    private static final String CONFIG = """
            providers:
              mock:
                type: mock
                mock:
                  chunk_interval: 0ms
            models:
              - name: gpt-4o-mini
                provider: mock
              - name: gpt-4o
                provider: mock
            """;

    private static TestGateway gateway;
    private static AdminClient admin;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(CONFIG);
        admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String chat(OpenAIClient client, String model) {
        return client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(model)
                        .addUserMessage("hi")
                        .build())
                .choices()
                .get(0)
                .message()
                .content()
                .orElse("");
    }

    @Test
    void aCreatedKeyWorksAtOnceAndListingsNeverShowTheSecret() throws Exception {
        JsonNode created = admin.createKey("""
                {"key_alias":"ci","models":["gpt-4o-mini"],"rpm_limit":60,"tpm_limit":10000,"max_budget":5.0,
                 "budget_duration":"month","metadata":{"owner":"ci"}}""");
        String secret = created.get("key").asText();
        String id = created.get("id").asText();
        assertThat(secret).startsWith("sk-gh-");
        assertThat(created.get("key_prefix").asText()).isEqualTo(secret.substring(0, 10));
        assertThat(created.get("rpm_limit").asLong()).isEqualTo(60);
        assertThat(created.get("budget_duration").asText()).isEqualTo("month");

        assertThat(chat(gateway.client(secret), "gpt-4o-mini")).isNotBlank();

        AdminClient.Answer one = admin.call("GET", "/admin/v1/keys/" + id, null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().has("key")).isFalse();
        assertThat(one.raw().body()).doesNotContain(secret.substring(10));
        AdminClient.Answer list = admin.call("GET", "/admin/v1/keys", null);
        assertThat(list.raw().body()).contains(id).doesNotContain(secret.substring(10));
    }

    @Test
    void revokingAKeyStopsItAtOnce() throws Exception {
        JsonNode created = admin.createKey("{}");
        OpenAIClient client = gateway.client(created.get("key").asText());
        assertThat(chat(client, "gpt-4o")).isNotBlank();

        AdminClient.Answer revoked =
                admin.call("DELETE", "/admin/v1/keys/" + created.get("id").asText(), null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().get("revoked").asBoolean()).isTrue();

        assertThatThrownBy(() -> chat(client, "gpt-4o")).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void rotatingGivesANewSecretAndRetiresTheOld() throws Exception {
        JsonNode created = admin.createKey("{}");
        AdminClient.Answer rotated =
                admin.call("POST", "/admin/v1/keys/" + created.get("id").asText() + "/rotate", null);
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.body().get("key").asText();
        assertThat(newSecret).isNotEqualTo(created.get("key").asText());

        assertThat(chat(gateway.client(newSecret), "gpt-4o")).isNotBlank();
        assertThatThrownBy(() -> chat(gateway.client(created.get("key").asText()), "gpt-4o"))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void patchChangesOnlyTheGivenFieldsAndNullClears() throws Exception {
        JsonNode created = admin.createKey("{\"rpm_limit\":10,\"tpm_limit\":100,\"key_alias\":\"a\"}");
        AdminClient.Answer patched = admin.call(
                "PATCH", "/admin/v1/keys/" + created.get("id").asText(), "{\"rpm_limit\":20,\"tpm_limit\":null}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("rpm_limit").asLong()).isEqualTo(20);
        assertThat(patched.body().get("tpm_limit").isNull()).isTrue();
        assertThat(patched.body().get("key_alias").asText()).isEqualTo("a");
    }

    @Test
    void anExpiredKeyIsRefused() throws Exception {
        JsonNode expired = admin.createKey("{\"expires\":\"2020-01-01T00:00:00Z\"}");
        assertThatThrownBy(() -> chat(gateway.client(expired.get("key").asText()), "gpt-4o"))
                .isInstanceOf(UnauthorizedException.class);
        JsonNode later = admin.createKey("{\"duration\":\"30d\"}");
        assertThat(chat(gateway.client(later.get("key").asText()), "gpt-4o")).isNotBlank();
    }

    @Test
    void aKeyLimitedToOneModelIsRefusedAnother() throws Exception {
        JsonNode created = admin.createKey("{\"models\":[\"gpt-4o-mini\"]}");
        assertThatThrownBy(() -> chat(gateway.client(created.get("key").asText()), "gpt-4o"))
                .hasMessageContaining("gpt-4o");
    }

    @Test
    void teamsAndUsersHoldKeysAndAKeyInheritsItsTeamsModels() throws Exception {
        AdminClient.Answer team = admin.call(
                "POST",
                "/admin/v1/teams",
                "{\"team_id\":\"search\",\"team_alias\":\"Search\",\"models\":[\"gpt-4o\"],\"max_budget\":100,\"tpm_limit\":50000}");
        assertThat(team.status()).isEqualTo(201);
        AdminClient.Answer user = admin.call("POST", "/admin/v1/users", "{\"user_id\":\"ana\",\"team_id\":\"search\"}");
        assertThat(user.status()).isEqualTo(201);
        JsonNode key = admin.createKey("{\"user_id\":\"ana\",\"team_id\":\"search\"}");
        assertThat(key.get("team_id").asText()).isEqualTo("search");

        assertThat(chat(gateway.client(key.get("key").asText()), "gpt-4o")).isNotBlank();
        assertThatThrownBy(() -> chat(gateway.client(key.get("key").asText()), "gpt-4o-mini"))
                .hasMessageContaining("gpt-4o-mini");

        assertThat(admin.call("GET", "/admin/v1/teams/search", null)
                        .body()
                        .get("tpm_limit")
                        .asLong())
                .isEqualTo(50000);
        assertThat(admin.call("PATCH", "/admin/v1/users/ana", "{\"rpm_limit\":5}")
                        .body()
                        .get("rpm_limit")
                        .asLong())
                .isEqualTo(5);
        assertThat(admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"search\"}")
                        .status())
                .isEqualTo(409);
    }

    @Test
    void badInputIsA400NamingTheFieldAndWritesNothing() throws Exception {
        int before =
                admin.call("GET", "/admin/v1/keys", null).body().get("data").size();

        assertError(admin.call("POST", "/admin/v1/keys", "{not json"), 400, null, "invalid_json");
        assertError(admin.call("POST", "/admin/v1/keys", "{\"rpm_limt\":5}"), 400, "rpm_limt", "unknown_field");
        assertError(admin.call("POST", "/admin/v1/keys", "{\"tpm_limit\":-1}"), 400, "tpm_limit", "invalid_value");
        assertError(
                admin.call("POST", "/admin/v1/keys", "{\"max_budget\":\"lots\"}"), 400, "max_budget", "invalid_value");
        assertError(
                admin.call("POST", "/admin/v1/keys", "{\"budget_duration\":\"fortnight\"}"),
                400,
                "budget_duration",
                "invalid_value");
        assertError(
                admin.call("POST", "/admin/v1/keys", "{\"team_id\":\"no-such-team\"}"),
                400,
                "team_id",
                "invalid_value");
        assertError(
                admin.call("POST", "/admin/v1/users", "{\"team_id\":\"no-such-team\"}"),
                400,
                "team_id",
                "invalid_value");
        assertError(admin.call("GET", "/admin/v1/keys/key-absent", null), 404, null, "not_found");

        assertThat(admin.call("GET", "/admin/v1/keys", null).body().get("data").size())
                .isEqualTo(before);
    }

    @Test
    void needsAnAdminKey() throws Exception {
        assertError(admin.call("GET", "/admin/v1/keys", null, null), 401, null, "missing_api_key");
        JsonNode plain = admin.createKey("{}");
        assertError(
                admin.call("GET", "/admin/v1/keys", null, plain.get("key").asText()), 403, null, "admin_key_required");
        JsonNode adminKey = admin.createKey("{\"admin\":true}");
        assertThat(admin.call("GET", "/admin/v1/keys", null, adminKey.get("key").asText())
                        .status())
                .isEqualTo(200);
    }

    private static void assertError(AdminClient.Answer answer, int status, String param, String code) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        JsonNode error = answer.body().get("error");
        assertThat(error.get("param").isNull() ? null : error.get("param").asText())
                .isEqualTo(param);
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    }
}
