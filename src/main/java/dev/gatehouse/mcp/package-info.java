/**
 * The MCP gateway: one {@code /mcp} endpoint (Streamable HTTP) in front of the configured tool
 * servers, governed by the gateway's keys and teams, with every tool call recorded.
 */
@NullMarked
package dev.gatehouse.mcp;

import org.jspecify.annotations.NullMarked;
