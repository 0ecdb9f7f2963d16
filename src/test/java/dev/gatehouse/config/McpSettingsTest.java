package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpSettingsTest {

    private static GatewayConfig parse(String yaml, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env).parse(yaml, "gatehouse.yaml");
    }

    @Test
    void readsServersOfEveryTransportWithSecretsFromTheEnvironment() throws Exception {
        McpSettings mcp =
                parse("""
                        mcp:
                          servers:
                            - name: docs
                              url: https://docs.example.com/mcp
                              headers: {X-Api-Key: "${DOCS_KEY}"}
                              oauth: {token_url: https://auth.example.com/token, client_id: gh, client_secret: "${SECRET}"}
                              timeout: 5s
                              breaker: {failures: 3, cooldown: 1m}
                              tool_rpm: {search: 10}
                            - name: old-one
                              transport: sse
                              url: http://localhost:9000/sse
                            - name: files
                              transport: stdio
                              command: npx
                              args: [-y, "@modelcontextprotocol/server-filesystem", /tmp]
                              env: {TOKEN: x}
                          access:
                            keys:
                              k1: {allow_servers: [docs], deny_tools: ["docs__delete*"]}
                            teams:
                              t1: {deny_servers: [files]}
                        """, Map.of("DOCS_KEY", "dk-1", "SECRET", "s-1")).mcp();
        McpServerSettings docs = mcp.servers().get(0);
        assertThat(docs.transport()).isEqualTo(McpServerSettings.Transport.STREAMABLE_HTTP);
        assertThat(docs.headers()).containsEntry("X-Api-Key", "dk-1");
        assertThat(docs.oauth()).isNotNull();
        assertThat(docs.oauth().clientSecret()).isEqualTo("s-1");
        assertThat(docs.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(docs.failureThreshold()).isEqualTo(3);
        assertThat(docs.toolRpm()).containsEntry("search", 10L);
        assertThat(docs.toString()).doesNotContain("dk-1").doesNotContain("s-1");
        assertThat(mcp.servers().get(1).transport()).isEqualTo(McpServerSettings.Transport.SSE);
        assertThat(mcp.servers().get(2).command())
                .containsExactly("npx", "-y", "@modelcontextprotocol/server-filesystem", "/tmp");
        McpAccessRule k1 = mcp.keyAccess().get("k1");
        assertThat(k1.permits("docs", "docs__search")).isTrue();
        assertThat(k1.permits("docs", "docs__delete_page")).isFalse();
        assertThat(k1.permits("files", "files__read")).isFalse();
        assertThat(mcp.teamAccess().get("t1").permits("docs", "docs__search")).isTrue();
    }

    @Test
    void reportsEveryMistakeWithItsPath() {
        try {
            parse("""
                    mcp:
                      servers:
                        - name: Bad__Name
                          url: ftp://x
                        - name: s2
                          transport: stdio
                          url: http://x
                        - name: s3
                          transport: grpc
                          url: http://x
                          colour: red
                        - name: s3
                          url: http://y
                          oauth: {token_url: http://t}
                    """, Map.of());
        } catch (ConfigException e) {
            assertThat(e.problems())
                    .extracting(ConfigProblem::path)
                    .contains(
                            "mcp.servers[0].name",
                            "mcp.servers[0].url",
                            "mcp.servers[1].command",
                            "mcp.servers[1].url",
                            "mcp.servers[2].transport",
                            "mcp.servers[2].colour",
                            "mcp.servers[3].name",
                            "mcp.servers[3].oauth.client_id",
                            "mcp.servers[3].oauth.client_secret");
            return;
        }
        throw new AssertionError("expected the config to be rejected");
    }

    @Test
    void noSectionMeansNoServers() throws Exception {
        assertThat(parse("{}", Map.of()).mcp().servers()).isEqualTo(List.of());
    }
}
