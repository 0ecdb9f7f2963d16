package dev.gatehouse.mcp;

import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A real MCP server on stdio, written with the MCP SDK, that the gateway starts as a subprocess in
 * tests ({@code java -cp <test classpath> dev.gatehouse.mcp.StdioToolServer}). Its tools: {@code add}
 * (the sum of {@code a} and {@code b}) and {@code crash} (the process exits, to test restarts).
 */
public final class StdioToolServer {

    private StdioToolServer() {}

    public static void main(String[] args) throws InterruptedException {
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper());
        Map<String, Object> numbers = Map.of(
                "type", "object",
                "properties", Map.of("a", Map.of("type", "number"), "b", Map.of("type", "number")),
                "required", java.util.List.of("a", "b"));
        McpServer.sync(new StdioServerTransportProvider(json))
                .serverInfo("calculator", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(
                        McpServerFeatures.SyncToolSpecification.builder()
                                .tool(McpSchema.Tool.builder()
                                        .name("add")
                                        .description("Adds two numbers")
                                        .inputSchema(numbers)
                                        .build())
                                .callHandler((exchange, request) -> {
                                    double sum = ((Number) request.arguments().get("a")).doubleValue()
                                            + ((Number) request.arguments().get("b")).doubleValue();
                                    return McpSchema.CallToolResult.builder()
                                            .addTextContent(String.valueOf(sum))
                                            .build();
                                })
                                .build(),
                        McpServerFeatures.SyncToolSpecification.builder()
                                .tool(McpSchema.Tool.builder()
                                        .name("crash")
                                        .description("Ends the server's process")
                                        .inputSchema(Map.of("type", "object"))
                                        .build())
                                .callHandler((exchange, request) -> {
                                    Runtime.getRuntime().halt(3);
                                    throw new IllegalStateException("unreachable");
                                })
                                .build())
                .build();
        new CountDownLatch(1).await();
    }
}
