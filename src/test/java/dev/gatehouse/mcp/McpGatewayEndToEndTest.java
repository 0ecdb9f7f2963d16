package dev.gatehouse.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.TestGateway;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MCP gateway end to end: the official MCP Java SDK as the client of {@code /mcp}, against two
 * real MCP servers the test starts (Streamable HTTP servers written with the same SDK, on Tomcat,
 * and a stdio server the gateway runs as a subprocess).
 */
class McpGatewayEndToEndTest {

    private static final String ALICE = "sk-alice-0000000000000001";
    private static final String BOB = "sk-bob-000000000000000001";
    private static final String UPSTREAM_SECRET = "upstream-secret-1";

    private static HttpToolServers servers;
    private static TestGateway gateway;
    private static Path audit;

    @BeforeAll
    static void start() throws Exception {
        servers = new HttpToolServers();
        audit = Files.createTempDirectory("gatehouse-mcp-audit").resolve("audit.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        gateway = TestGateway.start("""
                keys:
                  - id: alice
                    key: %s
                  - id: bob
                    key: %s
                mcp:
                  servers:
                    - name: docs
                      transport: streamable_http
                      url: %s
                      headers:
                        X-Api-Key: %s
                      oauth:
                        token_url: %s
                        client_id: %s
                        client_secret: %s
                        scope: tools
                      tool_rpm:
                        fetch: 2
                    - name: calc
                      transport: stdio
                      command: "%s"
                      args: ["-Dgatehouse.log.target=System.err", "-cp", "%s", "dev.gatehouse.mcp.StdioToolServer"]
                    - name: legacy
                      transport: sse
                      url: %s
                    - name: flaky
                      transport: streamable_http
                      url: %s
                      timeout: 300ms
                      breaker:
                        failures: 2
                        cooldown: 10m
                  access:
                    keys:
                      bob:
                        allow_tools: ["docs__*"]
                usage:
                  audit_file: "%s"
                  audit_content: true
                """.formatted(
                        ALICE,
                        BOB,
                        servers.url("/docs/mcp"),
                        UPSTREAM_SECRET,
                        servers.url("/token"),
                        HttpToolServers.CLIENT_ID,
                        HttpToolServers.CLIENT_SECRET,
                        java,
                        System.getProperty("java.class.path"),
                        servers.url("/legacy/sse"),
                        servers.url("/flaky/mcp"),
                        audit));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status().path("tools").asInt() >= 6);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    private static McpSyncClient client(String key) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        "http://127.0.0.1:" + gateway.port())
                .endpoint("/mcp")
                .httpRequestCustomizer(
                        (builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + key))
                .build();
        McpSyncClient client =
                McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
        client.initialize();
        return client;
    }

    private static List<String> names(McpSchema.ListToolsResult result) {
        return result.tools().stream().map(McpSchema.Tool::name).toList();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static JsonNode status() throws Exception {
        HttpResponse<String> response =
                gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/admin/v1/mcp"))
                        .header("Authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .GET()
                        .build());
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.parse(response.body());
    }

    @Test
    void listsEveryServersToolsPrefixedSortedAndStableOver100Calls() {
        try (McpSyncClient client = client(ALICE)) {
            List<String> first = names(client.listTools());
            assertThat(first)
                    .containsExactly(
                            "calc__add", "calc__crash", "docs__fetch", "docs__search", "flaky__hang", "legacy__echo")
                    .isSorted();
            for (int i = 0; i < 100; i++) {
                assertThat(names(client.listTools())).isEqualTo(first);
            }
        }
    }

    @Test
    void callsToolsOnTheHttpAndTheStdioServer() {
        try (McpSyncClient client = client(ALICE)) {
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("docs__search", Map.of("query", "vert.x")))))
                    .isEqualTo("found: vert.x");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("calc__add", Map.of("a", 2, "b", 40)))))
                    .isEqualTo("42.0");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("legacy__echo", Map.of("text", "old")))))
                    .isEqualTo("old");
            assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("nope__tool", Map.of())))
                    .hasMessageContaining("Unknown tool: nope__tool");
        }
    }

    @Test
    void filtersServersAndToolsPerKeyFromConfigAndAdminApi() throws Exception {
        try (McpSyncClient bob = client(BOB)) {
            assertThat(names(bob.listTools())).containsExactly("docs__fetch", "docs__search");
            assertThatThrownBy(() -> bob.callTool(new McpSchema.CallToolRequest("calc__add", Map.of("a", 1, "b", 1))))
                    .hasMessageContaining("may not use the tool 'calc__add'");
        }
        String rules = "http://127.0.0.1:" + gateway.port() + "/admin/v1/mcp/access/keys/alice";
        HttpResponse<String> put = gateway.send(HttpRequest.newBuilder(URI.create(rules))
                .header("Authorization", "Bearer " + TestGateway.MASTER_KEY)
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"deny_servers\":[\"calc\",\"flaky\"]}"))
                .build());
        assertThat(put.statusCode()).isEqualTo(200);
        try (McpSyncClient alice = client(ALICE)) {
            assertThat(names(alice.listTools())).containsExactly("docs__fetch", "docs__search", "legacy__echo");
        } finally {
            HttpResponse<String> delete = gateway.send(HttpRequest.newBuilder(URI.create(rules))
                    .header("Authorization", "Bearer " + TestGateway.MASTER_KEY)
                    .DELETE()
                    .build());
            assertThat(delete.statusCode()).isEqualTo(200);
        }
        try (McpSyncClient alice = client(ALICE)) {
            assertThat(names(alice.listTools())).contains("calc__add", "flaky__hang");
        }
    }

    @Test
    void theServerSeesTheGatewaysCredentialsAndNeverTheClientsKey() throws Exception {
        try (McpSyncClient client = client(ALICE)) {
            McpSchema.CallToolResult result =
                    client.callTool(new McpSchema.CallToolRequest("docs__search", Map.of("query", "keys")));
            assertThat(result.toString()).doesNotContain(UPSTREAM_SECRET).doesNotContain("tok-");
        }
        List<String> auth = HttpToolServers.list(servers.seenAuthorization);
        assertThat(auth).isNotEmpty().allMatch(a -> a.matches("Bearer tok-\\d+"));
        assertThat(HttpToolServers.list(servers.seenApiKeys)).isNotEmpty().allMatch(UPSTREAM_SECRET::equals);
        assertThat(servers.tokensIssued.get()).isEqualTo(1);
        String admin = status().toString();
        assertThat(admin)
                .contains("\"docs\"")
                .doesNotContain(UPSTREAM_SECRET)
                .doesNotContain(HttpToolServers.CLIENT_SECRET)
                .doesNotContain("tok-");
    }

    @Test
    void aHungServerTimesOutThenItsBreakerIsolatesItWhileOthersServe() throws Exception {
        try (McpSyncClient client = client(ALICE)) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("flaky__hang", Map.of())))
                        .hasMessageContaining("did not answer within 300 ms");
            }
            assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("flaky__hang", Map.of())))
                    .hasMessageContaining("circuit breaker is open");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("docs__search", Map.of("query", "ok")))))
                    .isEqualTo("found: ok");
        }
        JsonNode flaky = null;
        for (JsonNode s : status().path("servers")) {
            if (s.path("name").asText().equals("flaky")) {
                flaky = s;
            }
        }
        assertThat(flaky).isNotNull();
        assertThat(flaky.path("breaker").asText()).isEqualTo("open");
    }

    @Test
    void anUpstreamsListChangeReachesTheCatalogAndTheClientsStream() throws Exception {
        List<List<String>> notified = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        "http://127.0.0.1:" + gateway.port())
                .endpoint("/mcp")
                .openConnectionOnStartup(true)
                .httpRequestCustomizer(
                        (builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + ALICE))
                .build();
        try (McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(20))
                .toolsChangeConsumer(tools ->
                        notified.add(tools.stream().map(McpSchema.Tool::name).toList()))
                .build()) {
            client.initialize();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> status().path("sessions").asInt() > 0);
            long version = status().path("catalog_version").asLong();
            servers.addDocsTool("summarize");
            try {
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(
                                () -> assertThat(names(client.listTools())).contains("docs__summarize"));
                assertThat(status().path("catalog_version").asLong()).isGreaterThan(version);
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(notified).anyMatch(l -> l.contains("docs__summarize")));
            } finally {
                servers.removeDocsTool("summarize");
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(
                                () -> assertThat(names(client.listTools())).doesNotContain("docs__summarize"));
            }
        }
    }

    @Test
    void limitsCallsPerToolAndKey() {
        try (McpSyncClient client = client(BOB)) {
            for (int i = 0; i < 2; i++) {
                assertThat(text(client.callTool(new McpSchema.CallToolRequest("docs__fetch", Map.of("url", "a")))))
                        .isEqualTo("page a");
            }
            assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("docs__fetch", Map.of("url", "b"))))
                    .hasMessageContaining("Rate limit reached for tool 'docs__fetch'");
        }
    }

    @Test
    void restartsAStdioServerThatCrashed() throws Exception {
        try (McpSyncClient client = client(ALICE)) {
            assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("calc__crash", Map.of())));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode calc = null;
                for (JsonNode s : status().path("servers")) {
                    if (s.path("name").asText().equals("calc")) {
                        calc = s;
                    }
                }
                assertThat(calc).isNotNull();
                assertThat(calc.path("restarts").asInt()).isGreaterThanOrEqualTo(1);
                assertThat(calc.path("health").asText()).isEqualTo("up");
            });
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("calc__add", Map.of("a", 1, "b", 2)))))
                    .isEqualTo("3.0");
        }
    }

    @Test
    void recordsUsageAndAnAuditEntryPerCall() throws Exception {
        try (McpSyncClient client = client(ALICE)) {
            client.callTool(new McpSchema.CallToolRequest("docs__search", Map.of("query", "mail ann@example.com")));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> rows = new ArrayList<>();
            try (Connection c = gateway.server().database().dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT key_id, mcp_server, mcp_tool, status, "
                            + "bytes_in, bytes_out, endpoint FROM usage_records WHERE mcp_tool = 'search' "
                            + "AND key_id = 'alice' AND bytes_in > 30");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getLong("bytes_out")).isPositive();
                    rows.add(rs.getString("key_id") + " " + rs.getString("mcp_server") + " " + rs.getString("mcp_tool")
                            + " " + rs.getInt("status") + " " + rs.getString("endpoint"));
                }
            }
            assertThat(rows).contains("alice docs search 200 /mcp");
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> entries = Files.readAllLines(audit).stream()
                    .map(line -> Json.parse(line))
                    .filter(e -> "search".equals(e.path("mcp_tool").asText()))
                    .filter(e -> e.path("arguments").asText().contains("mail"))
                    .toList();
            assertThat(entries).isNotEmpty();
            JsonNode entry = entries.get(0);
            assertThat(entry.path("mcp_server").asText()).isEqualTo("docs");
            assertThat(entry.path("key_id").asText()).isEqualTo("alice");
            assertThat(entry.path("arguments").asText()).contains("[EMAIL]").doesNotContain("ann@example.com");
            assertThat(entry.path("result").asText()).contains("[EMAIL]");
        });
        HttpResponse<String> metrics =
                gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/metrics"))
                        .header("Authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .GET()
                        .build());
        assertThat(metrics.body())
                .containsPattern("gatehouse_mcp_tool_calls_total\\{[^}]*server=\"docs\"[^}]*tool=\"docs__search\"")
                .contains("gatehouse_mcp_tool_call_duration_seconds");
    }
}
