package dev.gatehouse.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Streamable HTTP transport of {@code /mcp} on the wire, for what the SDK client never does
 * wrong: missing keys, sessions and versions, the 202 of notifications, GET without SSE, DELETE.
 */
class McpEndpointProtocolTest {

    private static final String KEY = "sk-proto-00000000000000001";
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("""
                keys:
                  - id: proto
                    key: %s
                """.formatted(KEY));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpRequest.Builder mcp(String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/mcp"))
                .header("accept", "application/json, text/event-stream");
        return key == null ? b : b.header("authorization", "Bearer " + key);
    }

    private static HttpResponse<String> post(String key, String session, String body) throws Exception {
        HttpRequest.Builder b = mcp(key).header("content-type", "application/json");
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return gateway.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String initialize() throws Exception {
        HttpResponse<String> init = post(KEY, null, INIT);
        assertThat(init.statusCode()).isEqualTo(200);
        JsonNode result = Json.parse(init.body()).path("result");
        assertThat(result.path("protocolVersion").asText()).isEqualTo("2025-06-18");
        assertThat(result.path("capabilities").path("tools").path("listChanged").asBoolean())
                .isTrue();
        return init.headers().firstValue("mcp-session-id").orElseThrow();
    }

    @Test
    void refusesARequestWithoutAKeyWith401AndAJsonRpcError() throws Exception {
        HttpResponse<String> r = post(null, null, INIT);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("www-authenticate")).hasValue("Bearer");
        JsonNode error = Json.parse(r.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(RpcError.UNAUTHORIZED);
        assertThat(error.path("data").path("type").asText()).isEqualTo("unauthorized");
    }

    @Test
    void runsASessionFromInitializeToDelete() throws Exception {
        String session = initialize();
        assertThat(post(KEY, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                        .statusCode())
                .isEqualTo(202);
        HttpResponse<String> list = post(KEY, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        assertThat(Json.parse(list.body()).path("result").path("tools").size()).isZero();
        HttpResponse<String> ping = post(KEY, session, "{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}");
        assertThat(Json.parse(ping.body()).path("id").asText()).isEqualTo("p");
        HttpResponse<String> unknown = post(KEY, session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/list\"}");
        assertThat(Json.parse(unknown.body()).path("error").path("code").asInt())
                .isEqualTo(RpcError.METHOD_NOT_FOUND);

        HttpResponse<Void> delete = gateway.http()
                .send(
                        mcp(KEY).header("Mcp-Session-Id", session).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(delete.statusCode()).isEqualTo(204);
        assertThat(post(KEY, session, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void refusesMissingForeignAndUnknownSessionsAndUnsupportedVersions() throws Exception {
        String session = initialize();
        assertThat(post(KEY, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(KEY, "nope", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                        .statusCode())
                .isEqualTo(404);
        // Another key does not find this key's session.
        assertThat(post(TestGateway.MASTER_KEY, session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> version = gateway.send(mcp(KEY).header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "1999-01-01")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
                .build());
        assertThat(version.statusCode()).isEqualTo(400);
        assertThat(Json.parse(version.body())
                        .path("error")
                        .path("data")
                        .path("type")
                        .asText())
                .isEqualTo("unsupported_protocol_version");
    }

    @Test
    void refusesBatchesBadJsonAndGetWithoutEventStream() throws Exception {
        String session = initialize();
        assertThat(post(KEY, session, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]")
                        .body())
                .contains("Batches are not supported");
        HttpResponse<String> bad = post(KEY, session, "{nope");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.parse(bad.body()).path("error").path("code").asInt()).isEqualTo(RpcError.PARSE_ERROR);
        HttpResponse<String> get =
                gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/mcp"))
                        .header("authorization", "Bearer " + KEY)
                        .header("accept", "application/json")
                        .header("Mcp-Session-Id", session)
                        .GET()
                        .build());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void answersAnUnknownToolWithInvalidParams() throws Exception {
        String session = initialize();
        HttpResponse<String> r = post(
                KEY,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"x__y\"}}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode error = Json.parse(r.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(RpcError.INVALID_PARAMS);
        assertThat(error.path("message").asText()).isEqualTo("Unknown tool: x__y");
    }
}
