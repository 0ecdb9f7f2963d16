package dev.gatehouse.mcp;

import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;

/**
 * Real MCP servers over Streamable HTTP, written with the MCP SDK and served by an embedded Tomcat
 * (the SDK's server transport is a servlet), plus a fake OAuth token endpoint:
 * <ul>
 *   <li>{@code /docs/mcp}: tools {@code search} and {@code fetch}; records the credentials each
 *       request carried ({@link #seenAuthorization}, {@link #seenApiKeys}).
 *   <li>{@code /flaky/mcp}: tool {@code hang}, which answers only when {@link #release()}d, to
 *       test timeouts and the breaker.
 *   <li>{@code /legacy/sse}: tool {@code echo} on the older HTTP+SSE transport.
 *   <li>{@code /token}: OAuth client credentials; answers {@code tok-<n>} to client
 *       {@code gatehouse} with secret {@code client-secret-1}, 401 otherwise.
 * </ul>
 */
final class HttpToolServers implements AutoCloseable {

    static final String CLIENT_ID = "gatehouse";
    static final String CLIENT_SECRET = "client-secret-1";

    final Queue<String> seenAuthorization = new ConcurrentLinkedQueue<>();
    final Queue<String> seenApiKeys = new ConcurrentLinkedQueue<>();
    final AtomicInteger tokensIssued = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final Tomcat tomcat = new Tomcat();
    private final McpSyncServer docs;
    private final McpSyncServer flaky;
    private final McpSyncServer legacy;

    HttpToolServers() throws Exception {
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper());
        tomcat.setPort(0);
        tomcat.setBaseDir(
                java.nio.file.Files.createTempDirectory("gatehouse-mcp-tomcat").toString());
        tomcat.getConnector();
        Context context = tomcat.addContext("", null);

        HttpServletStreamableServerTransportProvider docsTransport =
                HttpServletStreamableServerTransportProvider.builder()
                        .jsonMapper(json)
                        .mcpEndpoint("/docs/mcp")
                        .build();
        docs = McpServer.sync(docsTransport)
                .serverInfo("docs", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(
                        tool("search", "Searches the docs", args -> "found: " + args.get("query")),
                        tool("fetch", "Fetches a page", args -> "page " + args.get("url")))
                .build();
        add(context, "docs", new Recording(docsTransport), "/docs/mcp");

        HttpServletStreamableServerTransportProvider flakyTransport =
                HttpServletStreamableServerTransportProvider.builder()
                        .jsonMapper(json)
                        .mcpEndpoint("/flaky/mcp")
                        .build();
        flaky = McpServer.sync(flakyTransport)
                .serverInfo("flaky", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tool("hang", "Answers only when the test releases it", args -> {
                    try {
                        released.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "late";
                }))
                .build();
        add(context, "flaky", flakyTransport, "/flaky/mcp");
        HttpServletSseServerTransportProvider legacyTransport = HttpServletSseServerTransportProvider.builder()
                .jsonMapper(json)
                .sseEndpoint("/legacy/sse")
                .messageEndpoint("/legacy/message")
                .build();
        legacy = McpServer.sync(legacyTransport)
                .serverInfo("legacy", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tool("echo", "Echoes its text", args -> String.valueOf(args.get("text"))))
                .build();
        add(context, "legacy", legacyTransport, "/legacy/*");
        add(context, "token", new TokenEndpoint(), "/token");
        tomcat.start();
    }

    int port() {
        return tomcat.getConnector().getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Lets every hung {@code hang} call answer. */
    void release() {
        released.countDown();
    }

    /** Adds a tool to the docs server, which tells its clients the list changed. */
    void addDocsTool(String name) {
        docs.addTool(tool(name, "Added while running", args -> name));
        docs.notifyToolsListChanged();
    }

    void removeDocsTool(String name) {
        docs.removeTool(name);
        docs.notifyToolsListChanged();
    }

    private static void add(Context context, String name, HttpServlet servlet, String path) {
        Wrapper wrapper = Tomcat.addServlet(context, name, servlet);
        wrapper.setAsyncSupported(true);
        context.addServletMappingDecoded(path, name);
    }

    private static McpServerFeatures.SyncToolSpecification tool(
            String name, String description, java.util.function.Function<Map<String, Object>, String> answer) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder()
                        .name(name)
                        .description(description)
                        .inputSchema(Map.of("type", "object", "properties", Map.of()))
                        .build())
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                        .addTextContent(answer.apply(request.arguments()))
                        .build())
                .build();
    }

    /** Notes each request's credentials, then hands it to the SDK's servlet. */
    private final class Recording extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient HttpServlet delegate;

        Recording(HttpServlet delegate) {
            this.delegate = delegate;
        }

        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            delegate.init(config);
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            String auth = req.getHeader("Authorization");
            String apiKey = req.getHeader("X-Api-Key");
            seenAuthorization.add(auth == null ? "" : auth);
            seenApiKeys.add(apiKey == null ? "" : apiKey);
            delegate.service(req, resp);
        }
    }

    private final class TokenEndpoint extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String expected = "Basic "
                    + java.util.Base64.getEncoder()
                            .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
            String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!expected.equals(req.getHeader("Authorization")) || !body.contains("grant_type=client_credentials")) {
                resp.setStatus(401);
                resp.getWriter().write("{\"error\":\"invalid_client\"}");
                return;
            }
            resp.setContentType("application/json");
            resp.getWriter()
                    .write("{\"access_token\":\"tok-" + tokensIssued.incrementAndGet()
                            + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        }
    }

    @Override
    public void close() throws Exception {
        release();
        docs.closeGracefully();
        flaky.closeGracefully();
        legacy.closeGracefully();
        tomcat.stop();
        tomcat.destroy();
    }

    static List<String> list(Queue<String> seen) {
        return List.copyOf(seen);
    }
}
