package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code DELETE /admin/v1/teams/{id}} and {@code /admin/v1/users/{id}} through the real server. */
class TeamsAndUsersDeleteEndToEndTest {

    private static final String CONFIG = """
            providers:
              mock:
                type: mock
            models:
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

    private static void create(String path, String body) throws Exception {
        AdminClient.Answer a = admin.call("POST", path, body);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(201);
    }

    @Test
    void deletingATeamOrUserThatNothingLiveBelongsToAnswersWhatWasDeleted() throws Exception {
        create("/admin/v1/teams", "{\"team_id\":\"empty-team\"}");
        create("/admin/v1/users", "{\"user_id\":\"lone-user\"}");

        AdminClient.Answer team = admin.call("DELETE", "/admin/v1/teams/empty-team", null);
        assertThat(team.status()).isEqualTo(200);
        assertThat(team.body().toString()).isEqualTo("{\"id\":\"empty-team\",\"object\":\"team\",\"deleted\":true}");
        AdminClient.Answer user = admin.call("DELETE", "/admin/v1/users/lone-user", null);
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.body().toString()).isEqualTo("{\"id\":\"lone-user\",\"object\":\"user\",\"deleted\":true}");

        assertError(admin.call("GET", "/admin/v1/teams/empty-team", null), 404, "not_found");
        assertError(admin.call("GET", "/admin/v1/users/lone-user", null), 404, "not_found");
        assertThat(admin.call("GET", "/admin/v1/teams", null).raw().body()).doesNotContain("empty-team");
        assertThat(admin.call("GET", "/admin/v1/users", null).raw().body()).doesNotContain("lone-user");
    }

    @Test
    void aTeamWithLiveKeysOrUsersIsA409SayingHowManyUntilTheyAreRevokedOrMoved() throws Exception {
        create("/admin/v1/teams", "{\"team_id\":\"busy-team\"}");
        create("/admin/v1/users", "{\"user_id\":\"busy-member\",\"team_id\":\"busy-team\"}");
        JsonNode one = admin.createKey("{\"team_id\":\"busy-team\"}");
        JsonNode two = admin.createKey("{\"team_id\":\"busy-team\"}");

        AdminClient.Answer refused = admin.call("DELETE", "/admin/v1/teams/busy-team", null);
        assertError(refused, 409, "team_in_use");
        assertThat(refused.body().get("error").get("message").asText())
                .contains("2 live keys and 1 user")
                .contains("DELETE /admin/v1/keys/{id}")
                .contains("team_id");
        assertThat(admin.call("GET", "/admin/v1/teams/busy-team", null).status())
                .isEqualTo(200);

        assertThat(admin.call("DELETE", "/admin/v1/keys/" + one.get("id").asText(), null)
                        .status())
                .isEqualTo(200);
        assertThat(admin.call("PATCH", "/admin/v1/keys/" + two.get("id").asText(), "{\"team_id\":null}")
                        .status())
                .isEqualTo(200);
        assertThat(admin.call("DELETE", "/admin/v1/teams/busy-team", null)
                        .body()
                        .get("error")
                        .get("message")
                        .asText())
                .contains("1 user;");
        assertThat(admin.call("PATCH", "/admin/v1/users/busy-member", "{\"team_id\":null}")
                        .status())
                .isEqualTo(200);

        assertThat(admin.call("DELETE", "/admin/v1/teams/busy-team", null).status())
                .isEqualTo(200);
        JsonNode revoked = admin.call("GET", "/admin/v1/keys/" + one.get("id").asText(), null)
                .body();
        assertThat(revoked.get("revoked").asBoolean()).isTrue();
        assertThat(revoked.get("team_id").isNull())
                .as("a revoked key stays listed, without the deleted team")
                .isTrue();
    }

    @Test
    void aUserWithALiveKeyIsA409UntilTheKeyIsRevoked() throws Exception {
        create("/admin/v1/users", "{\"user_id\":\"key-holder\"}");
        JsonNode key = admin.createKey("{\"user_id\":\"key-holder\"}");

        AdminClient.Answer refused = admin.call("DELETE", "/admin/v1/users/key-holder", null);
        assertError(refused, 409, "user_in_use");
        assertThat(refused.body().get("error").get("message").asText())
                .contains("1 live key;")
                .contains("user_id");

        assertThat(admin.call("DELETE", "/admin/v1/keys/" + key.get("id").asText(), null)
                        .status())
                .isEqualTo(200);
        assertThat(admin.call("DELETE", "/admin/v1/users/key-holder", null).status())
                .isEqualTo(200);
        JsonNode revoked = admin.call("GET", "/admin/v1/keys/" + key.get("id").asText(), null)
                .body();
        assertThat(revoked.get("revoked").asBoolean()).isTrue();
        assertThat(revoked.get("user_id").isNull()).isTrue();
    }

    @Test
    void deletingWhatDoesNotExistIsA404() throws Exception {
        assertError(admin.call("DELETE", "/admin/v1/teams/no-such-team", null), 404, "not_found");
        assertError(admin.call("DELETE", "/admin/v1/users/no-such-user", null), 404, "not_found");
    }

    @Test
    void deletingNeedsAnAdminKeyAndARefusedCallDeletesNothing() throws Exception {
        create("/admin/v1/teams", "{\"team_id\":\"guarded-team\"}");
        create("/admin/v1/users", "{\"user_id\":\"guarded-user\"}");
        String plain = admin.createKey("{}").get("key").asText();

        assertError(admin.call("DELETE", "/admin/v1/teams/guarded-team", null, plain), 403, "admin_key_required");
        assertError(admin.call("DELETE", "/admin/v1/users/guarded-user", null, plain), 403, "admin_key_required");
        assertError(admin.call("DELETE", "/admin/v1/teams/guarded-team", null, null), 401, "missing_api_key");

        assertThat(admin.call("GET", "/admin/v1/teams/guarded-team", null).status())
                .isEqualTo(200);
        assertThat(admin.call("GET", "/admin/v1/users/guarded-user", null).status())
                .isEqualTo(200);
    }

    private static void assertError(AdminClient.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        JsonNode error = answer.body().get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
    }
}
