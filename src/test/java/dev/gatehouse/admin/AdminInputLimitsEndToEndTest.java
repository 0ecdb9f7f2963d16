package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testing.TestGateway;
import dev.gatehouse.testing.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ids, aliases and emails longer than their store columns, and NUL characters (which PostgreSQL's
 * text cannot hold), are refused by the admin API with a 400 naming the field, on both stores,
 * before anything is written.
 */
class AdminInputLimitsEndToEndTest {

    private TestGateway gateway;
    private String schema;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (schema != null) {
            TestServices.dropPostgresSchema(schema);
        }
    }

    private AdminClient start(String store) {
        String storeSection = "";
        if (store.equals("postgres")) {
            schema = TestServices.postgresSchema();
            storeSection = """
                    store:
                      type: postgres
                      url: "%s"
                    """.formatted(schema);
        }
        gateway = TestGateway.start("""
                providers:
                  mock:
                    type: mock
                models:
                  - name: gpt-4o
                    provider: mock
                """ + storeSection);
        return new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void refusesNulAndOverLongTextNamingTheFieldAndWritesNothing(String store) throws Exception {
        AdminClient admin = start(store);
        String id65 = "t".repeat(65);
        String alias201 = "a".repeat(201);

        assertRefused(admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"" + id65 + "\"}"), "team_id");
        assertRefused(admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"a\\u0000b\"}"), "team_id");
        assertRefused(admin.call("POST", "/admin/v1/teams", "{\"team_alias\":\"" + alias201 + "\"}"), "team_alias");
        assertRefused(admin.call("POST", "/admin/v1/users", "{\"user_id\":\"" + id65 + "\"}"), "user_id");
        assertRefused(
                admin.call("POST", "/admin/v1/users", "{\"user_email\":\"" + "e".repeat(321) + "\"}"), "user_email");
        assertRefused(admin.call("POST", "/admin/v1/keys", "{\"key_alias\":\"" + alias201 + "\"}"), "key_alias");
        assertRefused(admin.call("POST", "/admin/v1/keys", "{\"key_alias\":\"ci\\u0000\"}"), "key_alias");
        assertRefused(admin.call("POST", "/admin/v1/keys", "{\"team_id\":\"" + id65 + "\"}"), "team_id");
        assertRefused(admin.call("POST", "/admin/v1/keys", "{\"models\":[\"gpt-4o\",\"x\\u0000\"]}"), "models[1]");
        assertRefused(
                admin.call("POST", "/admin/v1/keys", "{\"metadata\":{\"owner\":{\"name\":\"a\\u0000\"}}}"),
                "metadata.owner.name");
        assertRefused(
                admin.call("POST", "/admin/v1/keys", "{\"model_rpm_limit\":{\"m\\u0000\":5}}"), "model_rpm_limit");
        JsonNode key = admin.createKey("{\"key_alias\":\"" + "a".repeat(200) + "\"}");
        assertRefused(
                admin.call("PATCH", "/admin/v1/keys/" + key.get("id").asText(), "{\"key_alias\":\"" + alias201 + "\"}"),
                "key_alias");
        assertRefused(admin.call("GET", "/admin/v1/keys/key%00x", null), "id");
        assertRefused(admin.call("PATCH", "/admin/v1/teams/" + id65, "{}"), "id");
        assertRefused(admin.call("DELETE", "/admin/v1/users/u%00", null), "id");
        assertRefused(admin.call("GET", "/admin/v1/usage?team_id=a%00", null), "team_id");

        assertThat(admin.call("GET", "/admin/v1/teams", null).body().get("data"))
                .isEmpty();
        assertThat(admin.call("GET", "/admin/v1/users", null).body().get("data"))
                .isEmpty();
        assertThat(admin.call("GET", "/admin/v1/keys", null).body().get("data")).hasSize(1);
        assertThat(admin.call("GET", "/admin/v1/keys/" + key.get("id").asText(), null)
                        .body()
                        .get("key_alias")
                        .asText())
                .hasSize(200);
    }

    private static void assertRefused(AdminClient.Answer answer, String param) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        JsonNode error = answer.body().get("error");
        assertThat(error.get("param").asText()).as(answer.raw().body()).isEqualTo(param);
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_value");
        assertThat(error.get("message").asText()).contains(param).doesNotContain("Exception");
    }
}
